/* How the Huma editor shows and stores a field's { value, type }: pure functions, shared by
   huma-editor.js in the browser and the unit tests in Node. The editor's own typedInput types
   (a dropdown from Huma, true/false, a date, a fixed list) are stored as Node-RED's plain types,
   so a flow runs the same whatever the editor showed. */
(function (exports) {
  var DATE = /^\d{4}-\d{2}-\d{2}$/;

  /** The type a field opens with when nothing is stored. */
  function naturalType(field) {
    if (field.picker) return 'huma-pick';
    return { bool: 'huma-bool', date: 'huma-date', enum: 'huma-enum', number: 'num', json: 'json' }[field.widget] || 'str';
  }

  /** The type to show a stored { value, type } in: the field's own where the value fits it. */
  function shownType(field, saved) {
    saved = saved || {};
    if (!saved.type) return naturalType(field);
    var value = String(saved.value || '');
    if (saved.type === 'str' && field.picker) return 'huma-pick';
    if (saved.type === 'bool' && field.widget === 'bool') return 'huma-bool';
    if (saved.type === 'str' && field.widget === 'date' && (value === '' || DATE.test(value))) return 'huma-date';
    if (saved.type === 'str' && field.widget === 'enum') {
      var allowed = (field.enum || []).map(String);
      var fits = value
        .split(',')
        .filter(Boolean)
        .every(function (v) {
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

  exports.naturalType = naturalType;
  exports.shownType = shownType;
  exports.storedType = storedType;
  exports.isDate = isDate;
})(typeof module === 'object' && module.exports ? module.exports : (window.HumaFields = {}));
