// Preloaded into `node-red-dev validate` by scripts/build/node-red-validate.js: its axios fetches the
// flow library's catalogue (unreachable from here) and the registry's node-red document (which
// changes from day to day) from fixed URLs; both go to the offline server whose origin is in
// HUMA_VALIDATE_ORIGIN instead, so the run is offline and gives the same answer every time.
const { dirname } = require('node:path');

const origin = process.env.HUMA_VALIDATE_ORIGIN;
// The preload runs before node-red-dev's bin/run: its package is two folders up.
const validator = dirname(dirname(process.argv[1]));
const axios = require(require.resolve('axios', { paths: [validator] }));
const get = axios.get;
axios.get = function (url, ...rest) {
	const offline = String(url)
		.replace(/^https:\/\/catalogue\.nodered\.org\//, `${origin}/`)
		.replace(/^https:\/\/registry\.npmjs\.org\//, `${origin}/`);
	if (!offline.startsWith(`${origin}/`))
		throw new Error(`node-red-dev asked for ${url}, not answered offline`);
	return get.call(this, offline, ...rest);
};
