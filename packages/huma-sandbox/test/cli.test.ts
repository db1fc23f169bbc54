import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

describe('CLI', () => {
	it('prints help', () => {
		const out = execFileSync('node', [join(__dirname, '..', 'bin', 'huma-sandbox.js'), '--help'], {
			encoding: 'utf8',
		});
		expect(out).toContain('--users <n>');
		expect(out).toContain('--latency <ms>');
	});
});
