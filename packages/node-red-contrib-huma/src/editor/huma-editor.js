/* Shared editor for the Huma resource nodes: an operation dropdown, then one typedInput per
   parameter of the chosen operation. Served by Node-RED from resources/node-red-contrib-huma/. */
(function () {
  var PARAM_TYPES = ['str', 'num', 'bool', 'msg', 'flow', 'global', 'jsonata', 'env'];
  var BODY_TYPES = ['json', 'msg', 'flow', 'global', 'jsonata'];

  function find(ops, action) {
    for (var i = 0; i < ops.length; i++) if (ops[i].action === action) return ops[i];
    return ops[0];
  }

  function register(type, label, ops) {
    RED.nodes.registerType(type, {
      category: 'Huma',
      color: '#F7D6C1',
      icon: 'huma.svg',
      inputs: 1,
      outputs: 1,
      paletteLabel: 'huma ' + label.toLowerCase(),
      defaults: {
        name: { value: '' },
        huma: { value: '', type: 'huma-config', required: true },
        operation: { value: ops[0].action, required: true },
        params: { value: {} },
        body: { value: '' },
        bodyType: { value: 'json' },
        returnAll: { value: true },
        limit: { value: 50, validate: RED.validators.number(true) },
        outputMode: { value: 'array' },
        simplify: { value: true },
      },
      label: function () {
        return this.name || 'huma ' + label.toLowerCase() + ': ' + find(ops, this.operation).summary.toLowerCase();
      },
      labelStyle: function () {
        return this.name ? 'node_label_italic' : '';
      },
      oneditprepare: function () {
        var node = this;
        var select = $('#node-input-operation');
        ops.forEach(function (op) {
          $('<option>').val(op.action).text(op.summary).appendTo(select);
        });
        select.val(node.operation);
        $('#node-input-body').typedInput({ default: 'json', types: BODY_TYPES, typeField: '#node-input-bodyType' });

        function render() {
          var op = find(ops, select.val());
          $('.huma-operation-description').text(op.description);
          var box = $('.huma-params').empty();
          op.params.forEach(function (p) {
            var saved = (node.params || {})[p.name] || {};
            var row = $('<div class="form-row">').appendTo(box);
            $('<label>')
              .attr('for', 'huma-param-' + p.name)
              .attr('title', p.description || '')
              .html('<i class="fa fa-' + (p.in === 'path' ? 'key' : 'filter') + '"></i> ' + RED.utils.sanitize(p.name) + (p.required ? ' *' : ''))
              .appendTo(row);
            var input = $('<input type="text" style="width:70%">')
              .attr('id', 'huma-param-' + p.name)
              .attr('placeholder', (p.enum ? p.enum.join(' | ') : p.type) + ' — blank: msg.' + p.name)
              .appendTo(row);
            input.typedInput({ default: saved.type || 'str', types: PARAM_TYPES });
            input.typedInput('value', saved.value || '');
          });
          $('.huma-body-row').toggle(!!op.body);
          if (op.body) $('#node-input-body').attr('placeholder', op.body.example + ' — blank: msg.payload');
          $('.huma-paged-row').toggle(op.paged);
          $('.huma-limit-row').toggle(op.paged && !$('#node-input-returnAll').is(':checked'));
          $('.huma-simplify-row').toggle(op.simplifiable);
        }
        select.on('change', render);
        $('#node-input-returnAll').on('change', render);
        render();
      },
      oneditsave: function () {
        var op = find(ops, $('#node-input-operation').val());
        var params = {};
        op.params.forEach(function (p) {
          var input = $('#huma-param-' + p.name);
          var value = input.typedInput('value');
          if (value !== '') params[p.name] = { value: value, type: input.typedInput('type') };
        });
        this.params = params;
      },
    });
  }

  window.HumaEditor = { register: register };
})();
