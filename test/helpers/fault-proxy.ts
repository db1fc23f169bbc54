// A small HTTP proxy in front of the sandbox whose faults are our own, independent of the
// sandbox's fault features: what the network and odd servers do, scripted per request.
import {
	createServer,
	request as httpRequest,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ProxyFault =
	/** Forward as usual (to script a sequence in which some requests pass). */
	| { kind: 'pass' }
	/** Forward the request, let the upstream act on it, then reset the client's connection instead of answering. */
	| { kind: 'reset-after-forward' }
	/** Reset the connection without forwarding anything. */
	| { kind: 'reset' }
	/** Accept the request and never answer. */
	| { kind: 'stall' }
	/** Answer 200 with headers, then one byte every `everyMs`, never finishing. */
	| { kind: 'trickle'; everyMs: number }
	/** Answer with what was received: method, path, headers and body, as JSON, with this status. */
	| { kind: 'echo'; status: number }
	/** Answer 200 with a body that is not JSON. */
	| { kind: 'malformed' }
	/** Answer with an HTML error page, as a gateway does. */
	| { kind: 'html'; status: number }
	/** Answer 200 with no body at all. */
	| { kind: 'empty' };

interface Scripted {
	fault: ProxyFault;
	/** Only requests whose "METHOD /path" matches. */
	match?: RegExp;
}

export interface FaultProxy {
	url: string;
	/** Faults for the next matching requests, each used once, in order. */
	script(...faults: (ProxyFault | Scripted)[]): void;
	/** Every request seen, as "METHOD /path?query". */
	seen: string[];
	/** Faults not used yet. */
	pending(): number;
	/** Forgets the faults not used yet. */
	clear(): void;
	close(): Promise<void>;
}

const HTML_PAGE = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{font-family:sans-serif}</style></head>
<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer in time.</p>${'<p>padding</p>'.repeat(200)}</body></html>`;

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
	const target = new URL(upstream);
	const queue: Scripted[] = [];
	const seen: string[] = [];
	const sockets = new Set<Socket>();
	const timers = new Set<NodeJS.Timeout>();

	const forward = (
		req: IncomingMessage,
		body: Buffer,
	): Promise<{
		status: number;
		headers: Record<string, string | string[] | undefined>;
		body: Buffer;
	}> =>
		new Promise((resolve, reject) => {
			const upstreamReq = httpRequest(
				{
					host: target.hostname,
					port: target.port,
					method: req.method,
					path: req.url,
					headers: { ...req.headers, host: target.host },
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () =>
						resolve({
							status: res.statusCode ?? 502,
							headers: res.headers,
							body: Buffer.concat(chunks),
						}),
					);
					res.on('error', reject);
				},
			);
			upstreamReq.on('error', reject);
			upstreamReq.end(body);
		});

	const handle = async (req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks);
		const line = `${req.method} ${req.url}`;
		seen.push(line);
		const index = queue.findIndex((s) => !s.match || s.match.test(line));
		const fault = index === -1 ? undefined : queue.splice(index, 1)[0].fault;
		switch (fault?.kind) {
			case 'reset':
				req.socket.destroy();
				return;
			case 'reset-after-forward':
				await forward(req, body);
				req.socket.destroy();
				return;
			case 'stall':
				return;
			case 'trickle': {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.write('{');
				const timer = setInterval(() => res.write(' '), fault.everyMs);
				timers.add(timer);
				res.on('close', () => {
					clearInterval(timer);
					timers.delete(timer);
				});
				return;
			}
			case 'echo': {
				const echoed = JSON.stringify({
					method: req.method,
					path: req.url,
					headers: req.headers,
					body: body.toString(),
				});
				res.writeHead(fault.status, { 'content-type': 'application/json' });
				res.end(echoed);
				return;
			}
			case 'malformed':
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end('{"items": [ {"id": ');
				return;
			case 'html':
				res.writeHead(fault.status, { 'content-type': 'text/html' });
				res.end(HTML_PAGE);
				return;
			case 'empty':
				res.writeHead(200, { 'content-length': '0' });
				res.end();
				return;
			default: {
				const answer = await forward(req, body);
				res.writeHead(answer.status, answer.headers);
				res.end(answer.body);
			}
		}
	};

	const server: Server = createServer((req, res) => {
		handle(req, res).catch(() => req.socket.destroy());
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		seen,
		script: (...faults) => queue.push(...faults.map((f) => ('fault' in f ? f : { fault: f }))),
		pending: () => queue.length,
		clear: () => {
			queue.length = 0;
		},
		close: async () => {
			for (const timer of timers) clearInterval(timer);
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
