module.exports = function (RED) {
	require('../lib/huma-runtime.js').register(RED, 'huma-config');
};
