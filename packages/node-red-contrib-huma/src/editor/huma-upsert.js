/* huma-user's Create or update form: the mapping table (input property → Huma field, the
   columns loaded from the connection's organisation, custom fields included), the match key and
   the batch's options. Stored in the node's `upsert` setting; the runtime reads it (composite.ts). */
(function () {
	if (window.HumaUpsert) return;

	// '' (the first choice): msg.matchBy decides, else e-mail (upsertOptionsOf in composite.ts).
	var MATCH_KEYS = ['', 'email', 'employmentId', 'id'];

	/**
	 * Builds the form into `box`; `loadColumns()` answers a promise of the upsert columns, `t` the
	 * editor's words, `parts` huma-editor.js's form parts (formRow, section, checkbox,
	 * choiceSelect). Returns the function that reads the form back into the `upsert` setting.
	 */
	function render(box, saved, loadColumns, t, parts) {
		saved = saved || {};
		var form = $('<div class="huma-upsert">').appendTo(box);
		// The input, then anything after it (a tip).
		function row(icon, key, input, after) {
			var r = after
				? parts.formRow(icon, 'upsert.' + key, input, after)
				: parts.formRow(icon, 'upsert.' + key, input);
			return r.appendTo(form);
		}
		var checkbox = function (id, checked) {
			return parts.checkbox(id, checked === true);
		};

		parts.section('upsert.mapping').appendTo(form);
		$('<div class="form-tips">').text(t('upsert.mappingTip')).appendTo(form);
		var columns = [];
		var note = $('<div class="huma-choices huma-upsert-columns">')
			.text(t('picker.loading'))
			.appendTo(form);

		function fieldSelect(value) {
			var select = $('<select class="huma-upsert-to" style="width:100%">');
			$('<option>').val('').text('—').appendTo(select);
			columns.forEach(function (c) {
				$('<option>')
					.val(c.id)
					.text(c.label + (c.id.indexOf('custom.') === 0 ? ' (' + c.id + ')' : ''))
					.attr('title', c.description || '')
					.appendTo(select);
			});
			if (
				value &&
				!columns.some(function (c) {
					return c.id === value;
				})
			)
				$('<option>').val(value).text(value).appendTo(select);
			return select.val(value || '');
		}

		var list = $('<ol class="huma-upsert-mapping">').appendTo(
			$('<div class="form-row node-input-huma-upsert-mapping-row">').appendTo(form),
		);
		list.editableList({
			addButton: t('upsert.addMapping'),
			height: 220,
			removable: true,
			sortable: false,
			addItem: function (container, index, data) {
				container.css({ display: 'flex', gap: '6px', alignItems: 'center' });
				$('<input type="text" class="huma-upsert-from" style="flex:1">')
					.attr('placeholder', t('upsert.from'))
					.val(data.from || '')
					.appendTo(container);
				$('<i class="fa fa-arrow-right">').appendTo(container);
				$('<div style="flex:1">').append(fieldSelect(data.to)).appendTo(container);
			},
		});
		(saved.mapping || []).forEach(function (m) {
			list.editableList('addItem', m);
		});

		// Nodes saved before the blank choice existed, and new ones, match by e-mail as before.
		var matchBy = parts.choiceSelect(
			'huma-upsert-matchBy',
			MATCH_KEYS,
			'upsert.match',
			saved.matchBy === undefined ? 'email' : saved.matchBy,
		);
		row('key', 'matchBy', matchBy);

		parts.section('upsert.options').appendTo(form);
		var dryRun = checkbox('huma-upsert-dryRun', saved.dryRun);
		row('eye', 'dryRun', dryRun, $('<span>').text(t('upsert.dryRunTip')));
		var groupsMode = parts.choiceSelect(
			'huma-upsert-groupsMode',
			['addMissing', 'exactly'],
			'upsert.groups',
			saved.groupsMode || 'addMissing',
		);
		row('users', 'groupsMode', groupsMode);
		var stop = checkbox('huma-upsert-stopOnFirstError', saved.stopOnFirstError);
		row('stop-circle-o', 'stopOnFirstError', stop);
		var invite = checkbox('huma-upsert-invite', saved.invite);
		row('envelope-o', 'invite', invite);
		var inviteBox = $('<div>').appendTo(form);
		var inviteFields = {};
		['inviteSubject', 'inviteMessage', 'inviteLanguage'].forEach(function (k) {
			inviteFields[k] = $('<input type="text" style="width:65%">')
				.attr('id', 'huma-upsert-' + k)
				.val(saved[k] || '');
			row('envelope-o', k, inviteFields[k]).appendTo(inviteBox);
		});
		inviteFields.inviteLanguage.attr('placeholder', 'e.g. en');
		invite
			.on('change', function () {
				inviteBox.toggle(invite.is(':checked'));
			})
			.trigger('change');

		loadColumns().then(
			function (loaded) {
				columns = loaded;
				list.find('.huma-upsert-to').each(function () {
					var select = $(this);
					select.replaceWith(fieldSelect(select.val()));
				});
				var custom = loaded.filter(function (c) {
					return c.id.indexOf('custom.') === 0;
				}).length;
				note.text(t('upsert.columnsLoaded', { count: loaded.length, custom: custom }));
			},
			function (error) {
				note.text(t('picker.failed', { error: error }));
			},
		);

		return function () {
			var mapping = [];
			list.editableList('items').each(function () {
				var from = $(this).find('.huma-upsert-from').val().trim();
				var to = $(this).find('.huma-upsert-to').val();
				if (from && to) mapping.push({ from: from, to: to });
			});
			return {
				mapping: mapping,
				matchBy: matchBy.val(),
				dryRun: dryRun.is(':checked'),
				groupsMode: groupsMode.val(),
				stopOnFirstError: stop.is(':checked'),
				invite: invite.is(':checked'),
				inviteSubject: inviteFields.inviteSubject.val(),
				inviteMessage: inviteFields.inviteMessage.val(),
				inviteLanguage: inviteFields.inviteLanguage.val(),
			};
		};
	}

	window.HumaUpsert = { render: render };
})();
