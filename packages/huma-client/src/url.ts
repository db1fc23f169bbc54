import { HumaError } from './errors';

export const BASE_URLS = {
	production: 'https://openapi.humahr.com',
	demo: 'https://demo.openapi.humahr.com',
} as const;

export type Environment = keyof typeof BASE_URLS;

/** How credentials and config nodes store where Huma is: an environment, or `custom` with a URL. */
export interface HumaLocation {
	environment?: string;
	baseUrl?: string;
}

/** The base URL, environment name or custom URL that a stored location means, for `resolveBaseUrl`. */
export function baseUrlOf(location: HumaLocation): string {
	const environment = String(location.environment ?? 'production');
	return environment === 'custom' ? String(location.baseUrl ?? '') : environment;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Resolves `production`, `demo` or a custom URL to a normalised base URL.
 * Plain http is refused except on loopback, so a secret is never sent in clear text.
 */
export function resolveBaseUrl(environmentOrUrl: string = 'production'): string {
	if (environmentOrUrl in BASE_URLS) return BASE_URLS[environmentOrUrl as Environment];
	let url: URL;
	try {
		url = new URL(environmentOrUrl);
	} catch {
		throw new HumaError(
			`Base URL "${environmentOrUrl}" is not valid: expected "production", "demo" or a URL such as https://openapi.humahr.com`,
		);
	}
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
		throw new HumaError(
			`Base URL ${url.origin} is refused: use https (plain http is allowed only for localhost, 127.x.x.x and [::1])`,
		);
	}
	if (url.username || url.password)
		throw new HumaError('Base URL must not contain a user name or password');
	if (url.search || url.hash)
		throw new HumaError('Base URL must not contain a query string or fragment');
	return url.origin + url.pathname.replace(/\/+$/, '');
}

/** Encodes one path segment so that no value can change which endpoint is called. */
export function encodePathSegment(value: string): string {
	const encoded = encodeURIComponent(value);
	// encodeURIComponent leaves dots alone; "." and ".." would be resolved as relative paths.
	return encoded === '.' || encoded === '..' ? encoded.replace(/\./g, '%2E') : encoded;
}
