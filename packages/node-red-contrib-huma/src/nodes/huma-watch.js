// The huma watch node: polls Huma and emits who joined, changed, left or has an anniversary.
module.exports = function (RED) {
	require('../lib/huma-events.js').registerEvents(RED, 'huma-watch');
};
