// The 50 rows every engine's Create or Update test syncs into a fresh sandbox (issue #20): 10 new
// users, 28 changed ones (every custom field type, a group by name, a supervisor by e-mail among
// them), 10 unchanged and 2 bad (a malformed e-mail, an enum value that is not an option): the
// issue's counts add up to 52 for its 50 rows, so 28 are changed rather than 30. Rows
// use Huma's field names; `check` reads Huma's state back and says what is not as the rows want.
import { operations } from '@huma-integrations/huma-client';
import type { Store } from '@huma-integrations/huma-sandbox';

export const EXPECTED = { created: 10, updated: 28, unchanged: 10, failed: 2, total: 50 };
export const EXPECTED_DRY = {
	wouldCreate: 10,
	wouldUpdate: 28,
	unchanged: 10,
	failed: 2,
	total: 50,
};
/** A second run: nothing left to write; the bad rows fail again. */
export const EXPECTED_AGAIN = { unchanged: 48, failed: 2, total: 50 };

/** The operations that write Huma's data: every one but GET and the token endpoints. */
const WRITES = operations
	.filter((op) => op.method !== 'GET' && op.resource !== 'auth')
	.map((op) => op.name);

/** Writes the sandbox has answered or refused so far. */
export const writesIn = (byOperation: Record<string, number>) =>
	WRITES.reduce((sum, name) => sum + (byOperation[name] ?? 0), 0);

type Row = Record<string, unknown>;

export interface Scenario {
	rows: Row[];
	/** What Huma should hold after the real run: problems, empty when all is as the rows say. */
	check(store: Store): string[];
}

export function upsertScenario(store: Store): Scenario {
	const users = [...store.users.values()].filter((u) => u.active);
	const me = users[0];
	const groupCounts = new Map<string, number>();
	for (const g of store.groups.values())
		groupCounts.set(g.name, (groupCounts.get(g.name) ?? 0) + 1);
	const groups = [...store.groups.values()].filter((g) => groupCounts.get(g.name) === 1);
	const rows: Row[] = [];
	const checks: ((store: Store) => string | undefined)[] = [];
	const userBy = (s: Store, email: string) =>
		[...s.users.values()].find((u) => u.email.toLowerCase() === email.toLowerCase());

	for (let k = 1; k <= 10; k++) {
		const email = `new.person${k}@example.com`;
		rows.push({ email, givenName: 'New', familyName: `Person ${k}` });
		checks.push((s) => (userBy(s, email) ? undefined : `${email} was not created`));
	}

	const changed = users.slice(1, 29);
	changed.forEach((u, j) => {
		const givenName = `${u.givenName}-${j}`;
		const row: Row = { email: u.email, givenName };
		const custom = u.custom;
		const extra: [string, unknown, (s: Store) => boolean][] = [];
		switch (j % 11) {
			case 0:
				extra.push([
					'custom.costCentre',
					`CC-${j}`,
					(s) => userBy(s, u.email)!.custom.costCentre === `CC-${j}`,
				]);
				break;
			case 1:
				extra.push([
					'custom.bio',
					`Bio ${j}`,
					(s) => userBy(s, u.email)!.custom.bio === `Bio ${j}`,
				]);
				break;
			case 2:
				extra.push([
					'custom.parkingSpot',
					String(500 + j),
					(s) => userBy(s, u.email)!.custom.parkingSpot === 500 + j,
				]);
				break;
			case 3:
				extra.push([
					'custom.weeklyHours',
					30.25,
					(s) => userBy(s, u.email)!.custom.weeklyHours === 30.25,
				]);
				break;
			case 4: {
				const want = custom.remoteAllowed !== true;
				extra.push([
					'custom.remoteAllowed',
					String(want),
					(s) => userBy(s, u.email)!.custom.remoteAllowed === want,
				]);
				break;
			}
			case 5:
				extra.push([
					'custom.healthCheckDate',
					'2031-03-14',
					(s) => userBy(s, u.email)!.custom.healthCheckDate === '2031-03-14',
				]);
				break;
			case 6: {
				// By label: the core takes an option's label and sends its key.
				const [key, label] = custom.shirtSize === 'xl' ? ['xs', 'XS'] : ['xl', 'XL'];
				extra.push([
					'custom.shirtSize',
					label,
					(s) => userBy(s, u.email)!.custom.shirtSize === key,
				]);
				break;
			}
			case 7: {
				const key = custom.workModel === 'remote' ? 'office' : 'remote';
				extra.push(['custom.workModel', key, (s) => userBy(s, u.email)!.custom.workModel === key]);
				break;
			}
			case 8:
				extra.push([
					'custom.linkedIn',
					`https://www.linkedin.com/in/user${j}`,
					(s) => userBy(s, u.email)!.custom.linkedIn === `https://www.linkedin.com/in/user${j}`,
				]);
				break;
			case 9: {
				const group = groups.find((g) => !u.groupIds.has(g.id))!;
				extra.push(['groups', group.name, (s) => userBy(s, u.email)!.groupIds.has(group.id)]);
				break;
			}
			case 10: {
				const boss = u.supervisorId === me.id ? users[40] : me;
				extra.push(['supervisor', boss.email, (s) => userBy(s, u.email)!.supervisorId === boss.id]);
				break;
			}
		}
		for (const [field, value] of extra) row[field] = value;
		rows.push(row);
		checks.push((s) => {
			const now = userBy(s, u.email)!;
			if (now.givenName !== givenName) return `${u.email}: givenName ${now.givenName}`;
			const bad = extra.filter(([, , ok]) => !ok(s)).map(([field]) => field);
			return bad.length ? `${u.email}: ${bad.join(', ')} not as the row says` : undefined;
		});
	});

	for (const u of users.slice(29, 38)) {
		const row: Row = { email: u.email, givenName: u.givenName, familyName: u.familyName };
		if (u.custom.costCentre) row['custom.costCentre'] = u.custom.costCentre;
		rows.push(row);
	}

	// The malformed e-mail: the spec types it as plain text, so the core's upsert refuses
	// it before sending (it is the row's key and a new person's login).
	rows.push({ email: 'ada.lovelace(at)example.com', givenName: 'Ada', familyName: 'Lovelace' });
	rows.push({ email: users[39].email, 'custom.shirtSize': 'XXXL' });
	const last = users[41];
	rows.splice(38, 0, { email: last.email, givenName: last.givenName, familyName: last.familyName });

	return {
		rows,
		check: (s) => checks.map((c) => c(s)).filter((p): p is string => p !== undefined),
	};
}

/** A summary with its zero counts left out, to compare with EXPECTED*. */
export const nonZero = (summary: Record<string, number>) =>
	Object.fromEntries(Object.entries(summary).filter(([, n]) => n));
