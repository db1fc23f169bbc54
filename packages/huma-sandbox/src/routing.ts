// Matches a request's method and path to the catalogue operation whose spec path it fits.
import { operations, type OperationSpec } from '@huma-integrations/huma-client';

export interface RouteMatch {
	op: OperationSpec;
	pathParams: Record<string, string>;
}

interface Route {
	op: OperationSpec;
	pattern: RegExp;
	names: string[];
}

const ROUTES: Route[] = operations.map((op) => {
	const names: string[] = [];
	const pattern = new RegExp(
		'^' +
			op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
				names.push(name);
				return '([^/]+)';
			}) +
			'$',
	);
	return { op, pattern, names };
});

// Literal paths before templated ones: /users/jubilees is not /users/{id}.
ROUTES.sort((a, b) => a.names.length - b.names.length);

export function matchRoute(method: string, path: string): RouteMatch | undefined {
	for (const route of ROUTES) {
		if (route.op.method !== method) continue;
		const m = route.pattern.exec(path);
		if (!m) continue;
		const pathParams: Record<string, string> = {};
		route.names.forEach((name, i) => (pathParams[name] = decodeURIComponent(m[i + 1])));
		return { op: route.op, pathParams };
	}
	return undefined;
}
