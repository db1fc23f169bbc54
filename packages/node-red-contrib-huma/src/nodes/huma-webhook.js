// The huma webhook node: Huma's webhooks received on Node-RED's HTTP server.
module.exports = function (RED) {
	require('../lib/huma-events.js').registerEvents(RED, 'huma-webhook');
};
