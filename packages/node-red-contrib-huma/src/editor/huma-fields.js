/* The Huma editor's decisions as pure functions, shared by huma-editor.js in the browser and the
   unit tests in Node: which rows and fields an operation shows, how a field is labelled and
   which editors (typedInput types) it offers, how a field's { value, type } is shown and stored.
   The editor's own typedInput types (a dropdown from Huma, true/false, a date, a fixed list) are
   stored as Node-RED's plain types, so a flow runs the same whatever the editor showed. */
(function (exports) {
	var DATE = /^\d{4}-\d{2}-\d{2}$/;
	var VALUE_TYPES = ['str', 'num', 'msg', 'flow', 'global', 'jsonata', 'env'];
	var FROM_CONTEXT = ['msg', 'flow', 'global', 'jsonata', 'env'];
	/** The blank choice of a single-value dropdown. */
	var NOT_SET = { value: '', label: '—' };

	/** A comma list as the core's splitList reads it (trimmed, blanks dropped); the test compares the two. */
	function splitList(text) {
		return String(text || '')
			.split(',')
			.map(function (v) {
				return v.trim();
			})
			.filter(Boolean);
	}

	/** The operation of a node by its stored action; the first when it has none (a new node). */
	function findOperation(operations, action) {
		for (var i = 0; i < operations.length; i++)
			if (operations[i].action === action) return operations[i];
		return operations[0];
	}

	/** The typedInput types a field offers, by name; the first is its natural editor. */
	function typesOf(field) {
		if (field.picker) return ['huma-pick'].concat(VALUE_TYPES);
		switch (field.widget) {
			case 'bool':
				return ['huma-bool'].concat(FROM_CONTEXT);
			case 'date':
				return ['huma-date', 'str'].concat(FROM_CONTEXT);
			case 'enum':
				return ['huma-enum', 'str'].concat(FROM_CONTEXT);
			case 'number':
				return ['num', 'str'].concat(FROM_CONTEXT);
			case 'json':
				return ['json', 'str'].concat(FROM_CONTEXT);
			default:
				return VALUE_TYPES;
		}
	}

	/** The type a field opens with when nothing is stored. */
	function naturalType(field) {
		return typesOf(field)[0];
	}

	/** The type to show a stored { value, type } in: the field's own where the value fits it. */
	function shownType(field, saved) {
		saved = saved || {};
		if (!saved.type) return naturalType(field);
		var value = String(saved.value || '');
		if (saved.type === 'str' && field.picker) return 'huma-pick';
		if (saved.type === 'bool' && field.widget === 'bool') return 'huma-bool';
		if (saved.type === 'str' && field.widget === 'date' && (value === '' || DATE.test(value)))
			return 'huma-date';
		if (saved.type === 'str' && field.widget === 'enum') {
			var allowed = (field.enum || []).map(String);
			var fits = splitList(value).every(function (v) {
				return allowed.indexOf(v) >= 0;
			});
			if (fits) return 'huma-enum';
		}
		return saved.type;
	}

	/** What is stored for a type the editor showed. */
	function storedType(type) {
		if (type === 'huma-bool') return 'bool';
		if (type === 'huma-pick' || type === 'huma-date' || type === 'huma-enum') return 'str';
		return type;
	}

	function isDate(value) {
		return value === '' || DATE.test(value);
	}

	/** A field's label: required fields are marked with *. */
	function labelOf(field) {
		return field.label + (field.required ? ' *' : '');
	}

	/** A field's placeholder: its example, and for an optional field the tip that msg can fill it. */
	function placeholderOf(field, fromMsgTip) {
		return [field.placeholder, field.required ? '' : fromMsgTip].filter(Boolean).join(' — ');
	}

	/** The choices of a fixed list: a blank first unless several can be chosen. */
	function enumOptions(field) {
		return (field.multiple ? [] : [NOT_SET]).concat(
			field.enum.map(function (v) {
				return { value: String(v), label: String(v) };
			}),
		);
	}

	/** A stored comma-separated value as dropdown choices, so it shows before Huma's choices load. */
	function savedOptions(value) {
		return splitList(value).map(function (v) {
			return { value: v, label: v };
		});
	}

	/** A dropdown's choices once Huma's have loaded: the values shown that Huma no longer lists are kept. */
	function pickerChoices(field, loaded, value, type) {
		var known = loaded.map(function (o) {
			return o.value;
		});
		var extra = savedOptions(type === 'huma-pick' ? value : '').filter(function (o) {
			return known.indexOf(o.value) < 0;
		});
		return (field.multiple ? [] : [NOT_SET]).concat(extra, loaded);
	}

	/** Which of the dialog's rows an operation shows. */
	function rowsShown(op, returnAll) {
		return {
			paging: op.paged,
			// Every list leaves the same way (array or one message per item), paged or not.
			output: op.paged || op.list,
			limit: op.paged && !returnAll,
			simplify: op.simplifiable,
		};
	}

	/** The fields of an operation's body: a list of IDs is one field with a dropdown. */
	function bodyFieldsOf(op, idsLabel) {
		if (!op.body) return [];
		if (!op.body.list) return op.body.fields;
		return [
			{
				name: 'ids',
				label: idsLabel,
				description: op.description,
				placeholder: op.body.example,
				required: true,
				widget: 'text',
				multiple: true,
				picker: op.body.list,
				enum: null,
			},
		];
	}

	/** How a node's body opens: as JSON when it has one, else as fields. */
	function bodyModeOf(node) {
		return node.body ? 'json' : 'fields';
	}

	/** What a node stores of its fields: each one's { value, type } read from the dialog, blanks left out. */
	function storedValues(readers) {
		var stored = {};
		Object.keys(readers).forEach(function (name) {
			var v = readers[name]();
			if (v.value !== '') stored[name] = v;
		});
		return stored;
	}

	/** What the admin endpoints need of a config node: its id, and what the editor knows of it. */
	function connectionOf(id, config) {
		if (!config) return null;
		var connection = { id: id, environment: config.environment, baseUrl: config.baseUrl };
		// Credentials entered in this session and not yet deployed; the runtime has the rest.
		var credentials = config.credentials || {};
		if (credentials.clientId) connection.clientId = credentials.clientId;
		if (credentials.clientSecret) connection.clientSecret = credentials.clientSecret;
		return connection;
	}

	exports.NOT_SET = NOT_SET;
	exports.splitList = splitList;
	exports.findOperation = findOperation;
	exports.typesOf = typesOf;
	exports.naturalType = naturalType;
	exports.shownType = shownType;
	exports.storedType = storedType;
	exports.isDate = isDate;
	exports.labelOf = labelOf;
	exports.placeholderOf = placeholderOf;
	exports.enumOptions = enumOptions;
	exports.savedOptions = savedOptions;
	exports.pickerChoices = pickerChoices;
	exports.rowsShown = rowsShown;
	exports.bodyFieldsOf = bodyFieldsOf;
	exports.bodyModeOf = bodyModeOf;
	exports.storedValues = storedValues;
	exports.connectionOf = connectionOf;
})(typeof module === 'object' && module.exports ? module.exports : (window.HumaFields = {}));
