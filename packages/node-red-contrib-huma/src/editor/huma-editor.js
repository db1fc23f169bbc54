/* Shared editor of the Huma resource nodes, served from resources/node-red-contrib-huma/.
   Each node's .html registers its type through HumaEditor.register(); the operations, their
   fields and their words come from huma-catalogue.json (built from the core's catalogue and
   labels), every other string from the messages catalogue through RED._. */
(function () {
	if (window.HumaEditor) return; // every node's .html loads this script

	var NS = 'node-red-contrib-huma/huma-config:huma.';
	function t(key, substitutions) {
		return RED._(NS + key, substitutions);
	}

	var humaFields = window.HumaFields; // the editor's decisions, unit-tested in Node

	var catalogue = null;
	var waiting = [];
	$.getJSON('resources/node-red-contrib-huma/huma-catalogue.json').done(function (data) {
		catalogue = data;
		RED.view.redraw(true); // node labels read the catalogue
		waiting.splice(0).forEach(function (fn) {
			fn();
		});
	});
	function withCatalogue(fn) {
		if (catalogue) fn();
		else waiting.push(fn);
	}
	function operationsOf(type) {
		return catalogue ? catalogue[type].operations : [];
	}
	function findOperation(type, action) {
		return humaFields.findOperation(operationsOf(type), action);
	}

	$('<style>')
		.text(
			'.huma-form .form-row > label { width: 140px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; vertical-align: middle; }' +
				'.huma-form .form-row > input[type=checkbox] { width: auto; vertical-align: middle; margin: 0 6px 0 0; }' +
				'.huma-form .huma-section { margin: 14px 0 6px; font-weight: bold; }' +
				'.huma-form .huma-choices { margin-left: 145px; margin-top: -6px; font-size: 0.9em; color: var(--red-ui-secondary-text-color, #777); }' +
				'.huma-config-test-result { margin-top: 6px; }',
		)
		.appendTo('head');

	/* ---- The connection the dropdowns load through ---------------------------------------- */

	function connectionOf(configId) {
		return humaFields.connectionOf(configId, configId && RED.nodes.node(configId));
	}

	function post(path, body) {
		return $.ajax({
			url: path,
			type: 'POST',
			contentType: 'application/json',
			data: JSON.stringify(body),
			dataType: 'json',
		});
	}

	function errorText(xhr) {
		return (xhr.responseJSON && xhr.responseJSON.error) || xhr.statusText || String(xhr.status);
	}

	/** One request per kind of choices and connection while the dialog is open. */
	function choiceLoader(configId) {
		var cache = {};
		return function (kind) {
			if (!cache[kind]) {
				var connection = connectionOf(configId);
				cache[kind] = connection
					? post('huma-config/options/' + kind, connection).then(function (answer) {
							return answer.options;
						})
					: $.Deferred()
							.reject({ statusText: t('picker.noConnection') })
							.promise();
			}
			return cache[kind];
		};
	}

	/* ---- One field: a typedInput whose first type fits the schema --------------------------- */

	function enumType(field) {
		return {
			value: 'huma-enum',
			label: field.label,
			icon: 'fa fa-list-ul',
			multiple: field.multiple,
			options: humaFields.enumOptions(field),
		};
	}
	var BOOL_TYPE = {
		value: 'huma-bool',
		label: 'true/false',
		icon: 'red/images/typedInput/bool.svg',
		options: [
			humaFields.NOT_SET,
			{ value: 'true', label: 'true' },
			{ value: 'false', label: 'false' },
		],
	};
	function dateType() {
		return {
			value: 'huma-date',
			label: t('picker.date'),
			icon: 'fa fa-calendar',
			validate: humaFields.isDate,
		};
	}
	function pickerType(field, options) {
		return {
			value: 'huma-pick',
			label: t('picker.type'),
			icon: 'fa fa-search',
			multiple: field.multiple,
			options: options,
		};
	}

	/** The typedInput types of a field (humaFields.typesOf), the editor's own ones built out. */
	function typesFor(field, pickerOptions) {
		return humaFields.typesOf(field).map(function (type) {
			switch (type) {
				case 'huma-pick':
					return pickerType(field, pickerOptions);
				case 'huma-bool':
					return BOOL_TYPE;
				case 'huma-date':
					return dateType();
				case 'huma-enum':
					return enumType(field);
				case 'json':
					return JSON_VALUE;
				default:
					return type;
			}
		});
	}

	/** Adds one field row to box; returns a reader of its { value, type }. */
	function addField(box, idPrefix, field, saved, loadChoices) {
		saved = saved || {};
		var row = $('<div class="form-row">').appendTo(box);
		var id = idPrefix + field.name;
		$('<label>')
			.attr('for', id)
			.attr('title', field.description)
			.text(humaFields.labelOf(field))
			.appendTo(row);
		var input = $('<input type="text">').attr('id', id).appendTo(row);
		input.attr(
			'placeholder',
			humaFields.placeholderOf(field, t('tip.fromMsg', { name: field.name })),
		);
		var first = saved.value
			? humaFields.savedOptions(saved.value)
			: [{ value: '', label: t('picker.loading') }];
		input.typedInput({
			default: humaFields.shownType(field, saved),
			types: typesFor(field, first),
		});
		input.typedInput('width', '65%');
		input.typedInput('value', saved.value || '');
		var note = $('<div class="huma-choices">').text(field.description).appendTo(box);

		if (field.picker) {
			note.text(t('picker.loading'));
			loadChoices(field.picker).then(
				function (options) {
					var keep = input.typedInput('value');
					var type = input.typedInput('type');
					input.typedInput(
						'types',
						typesFor(field, humaFields.pickerChoices(field, options, keep, type)),
					);
					input.typedInput('type', type);
					input.typedInput('value', keep);
					note.text(field.description + ' (' + t('picker.loaded', { count: options.length }) + ')');
				},
				function (xhr) {
					note.text(t('picker.failed', { error: errorText(xhr) }));
				},
			);
		}
		return function () {
			var value = input.typedInput('value');
			return { value: value, type: humaFields.storedType(input.typedInput('type')) };
		};
	}

	/* ---- The resource nodes ----------------------------------------------------------------- */

	/** JSON where blank is valid: an optional field, or a body then taken from the fields or msg.payload. */
	var JSON_VALUE = {
		value: 'json',
		label: 'JSON',
		icon: 'red/images/typedInput/json.svg',
		validate: function (v) {
			if (!v || !v.trim()) return true;
			try {
				JSON.parse(v);
				return true;
			} catch {
				return false;
			}
		},
		expand: function () {
			var input = this;
			RED.editor.editJSON({
				value: input.value() || '{}',
				complete: function (v) {
					input.value(v);
				},
			});
		},
	};

	function register(type, firstOperation) {
		RED.nodes.registerType(type, {
			category: 'Huma',
			color: '#F7D6C1',
			icon: type + '.svg',
			inputs: 1,
			outputs: 1,
			paletteLabel: function () {
				return t('palette.' + type);
			},
			defaults: {
				name: { value: '' },
				huma: { value: '', type: 'huma-config', required: true },
				operation: { value: firstOperation, required: true },
				params: { value: {} },
				body: { value: '' },
				bodyType: { value: 'json' },
				bodyFields: { value: {} },
				returnAll: { value: true },
				limit: { value: 50, validate: RED.validators.number(true) },
				outputMode: { value: 'array' },
				simplify: { value: true },
				upsert: { value: {} },
			},
			label: function () {
				if (this.name) return this.name;
				var op = findOperation(type, this.operation);
				return op ? op.title : t('palette.' + type);
			},
			labelStyle: function () {
				return this.name ? 'node_label_italic' : '';
			},
			oneditprepare: function () {
				var node = this;
				withCatalogue(function () {
					prepare(node, type);
				});
			},
			oneditsave: function () {
				if (this._humaSave) this._humaSave();
				delete this._humaSave;
			},
			oneditcancel: function () {
				delete this._humaSave;
			},
		});
	}

	/** Builds the operation-dependent part of the dialog into .huma-form. */
	function prepare(node, type) {
		var form = $('.huma-form').empty();
		var select = $('#node-input-operation').empty();
		operationsOf(type).forEach(function (op) {
			$('<option>').val(op.action).text(op.label).appendTo(select);
		});
		select.val(findOperation(type, node.operation).action);
		var description = $('<div class="form-tips">').appendTo(form);
		var params = $('<div>').appendTo(form);
		var bodyBox = $('<div>').appendTo(form);
		var upsertBox = $('<div>').appendTo(form);
		var readUpsert = null;

		function row(icon, key, input) {
			var r = $('<div class="form-row">');
			$('<label>')
				.attr('for', input.attr('id'))
				.append($('<i>').addClass('fa fa-' + icon), ' ', $('<span>').text(t('label.' + key)))
				.appendTo(r);
			return r.append(input);
		}

		// Paging and output (stored by Node-RED from their node-input-* ids).
		var paged = $('<div>').appendTo(form);
		var returnAll = $('<input type="checkbox" id="node-input-returnAll">').prop(
			'checked',
			node.returnAll !== false,
		);
		row('list', 'returnAll', returnAll)
			.append($('<span>').text(t('tip.returnAll')))
			.appendTo(paged);
		var limit = $('<input type="number" id="node-input-limit" min="1" style="width:100px">').val(
			node.limit,
		);
		var limitRow = row('sort-numeric-asc', 'limit', limit).appendTo(paged);
		var output = $('<select id="node-input-outputMode" style="width:65%">');
		['array', 'items'].forEach(function (m) {
			$('<option>')
				.val(m)
				.text(t('output.' + m))
				.appendTo(output);
		});
		output.val(node.outputMode || 'array');
		var outputRow = row('sign-out', 'output', output).appendTo(form);
		var simplify = $('<input type="checkbox" id="node-input-simplify">').prop(
			'checked',
			node.simplify !== false,
		);
		var simplifyRow = row('compress', 'simplify', simplify)
			.append($('<span>').text(t('tip.simplify')))
			.appendTo(form);

		var readers = {};
		var bodyReaders = {};
		var bodyMode;
		var loadChoices = choiceLoader($('#node-input-huma').val());
		$('#node-input-huma').on('change', function () {
			loadChoices = choiceLoader($(this).val());
			render();
		});

		function render() {
			var op = findOperation(type, select.val());
			description.text(op.description);
			params.empty();
			readers = {};
			if (op.params.length)
				$('<div class="huma-section">').text(t('label.parameters')).appendTo(params);
			op.params.forEach(function (field) {
				readers[field.name] = addField(
					params,
					'huma-param-',
					field,
					(node.params || {})[field.name],
					loadChoices,
				);
			});
			renderBody(op);
			renderUpsert(op);
			var shown = humaFields.rowsShown(op, returnAll.is(':checked'));
			paged.toggle(shown.paging);
			outputRow.toggle(shown.output);
			limitRow.toggle(shown.limit);
			simplifyRow.toggle(shown.simplify);
		}

		/** Create or update's mapping table and options (huma-upsert.js), its columns from the connection. */
		function renderUpsert(op) {
			upsertBox.empty();
			readUpsert = null;
			if (op.composite !== 'upsert' || !window.HumaUpsert) return;
			readUpsert = window.HumaUpsert.render(
				upsertBox,
				node.upsert,
				function () {
					var connection = connectionOf($('#node-input-huma').val());
					if (!connection) return $.Deferred().reject(t('picker.noConnection')).promise();
					return post('huma-config/upsert-columns', connection).then(
						function (answer) {
							return answer.columns;
						},
						function (xhr) {
							return $.Deferred().reject(errorText(xhr)).promise();
						},
					);
				},
				t,
			);
		}

		function renderBody(op) {
			bodyBox.empty();
			bodyReaders = {};
			bodyMode = null;
			if (!op.body) return;
			$('<div class="huma-section">').text(t('label.body')).appendTo(bodyBox);
			bodyMode = $('<select id="huma-body-mode" style="width:65%">');
			['fields', 'json'].forEach(function (m) {
				$('<option>')
					.val(m)
					.text(t('bodyMode.' + m))
					.appendTo(bodyMode);
			});
			row('pencil-square-o', 'bodyAs', bodyMode).appendTo(bodyBox);
			var fieldsBox = $('<div class="huma-body-fields">').appendTo(bodyBox);
			$('<div class="form-tips">').text(t('tip.bodyFields')).appendTo(fieldsBox);
			humaFields.bodyFieldsOf(op, t('label.ids')).forEach(function (field) {
				bodyReaders[field.name] = addField(
					fieldsBox,
					'huma-body-',
					field,
					(node.bodyFields || {})[field.name],
					loadChoices,
				);
			});
			var jsonBox = $('<div class="huma-body-json">').appendTo(bodyBox);
			var json = $('<input type="text" id="node-input-body">');
			row('file-code-o', 'body', json).appendTo(jsonBox);
			json.typedInput({
				default: node.bodyType || 'json',
				types: [JSON_VALUE, 'msg', 'flow', 'global', 'jsonata'],
				typeField: $('<input type="hidden" id="node-input-bodyType">').appendTo(jsonBox),
			});
			json.typedInput('width', '65%');
			json.typedInput('value', node.body || '');
			json.attr('placeholder', op.body.example + ' — ' + t('tip.fromPayload'));
			$('<div class="form-tips">').append($('<code>').text(op.body.example)).appendTo(jsonBox);
			bodyMode.val(humaFields.bodyModeOf(node)).on('change', function () {
				fieldsBox.toggle(bodyMode.val() === 'fields');
				jsonBox.toggle(bodyMode.val() === 'json');
			});
			bodyMode.trigger('change');
		}

		select.on('change', render);
		returnAll.on('change', function () {
			limitRow.toggle(
				humaFields.rowsShown(findOperation(type, select.val()), returnAll.is(':checked')).limit,
			);
		});
		render();

		node._humaSave = function () {
			node.params = humaFields.storedValues(readers);
			var body = {};
			if (bodyMode && bodyMode.val() === 'fields') {
				body = humaFields.storedValues(bodyReaders);
				$('#node-input-body').typedInput('value', ''); // the fields are the body
			}
			node.bodyFields = body;
			if (readUpsert) node.upsert = readUpsert();
		};
	}

	/* ---- The config node's Test connection --------------------------------------------------- */

	function testConnection(node) {
		var result = $('.huma-config-test-result').removeClass('form-tips').text(t('test.running'));
		var connection = {
			id: node.id,
			environment: $('#node-config-input-environment').val(),
			baseUrl: $('#node-config-input-baseUrl').val(),
			clientId: $('#node-config-input-clientId').val(),
			clientSecret: $('#node-config-input-clientSecret').val(),
		};
		post('huma-config/test', connection).then(
			function (answer) {
				result
					.addClass('form-tips')
					.empty()
					.append(
						$('<i>').addClass(answer.ok ? 'fa fa-check' : 'fa fa-exclamation-triangle'),
						' ',
						$('<span>').text(answer.message),
					)
					.attr('data-reason', answer.ok ? 'ok' : answer.reason);
			},
			function (xhr) {
				result.addClass('form-tips').text(errorText(xhr)).attr('data-reason', 'other');
			},
		);
	}

	window.HumaEditor = { register: register, testConnection: testConnection, t: t };
})();
