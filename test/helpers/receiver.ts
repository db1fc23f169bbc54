import { createServer, type IncomingHttpHeaders } from 'node:http';

/**
 * An HTTP server on loopback that keeps the JSON bodies posted to it (and their headers, in the
 * same order) and answers each with `answer`. Port 0: any free one.
 */
export async function startReceiver<T = any>(port = 0, answer = '{}') {
	const received: T[] = [];
	const headers: IncomingHttpHeaders[] = [];
	const server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			received.push(JSON.parse(body));
			headers.push(req.headers);
			res.end(answer);
		});
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const address = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${address.port}`,
		received,
		headers,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
