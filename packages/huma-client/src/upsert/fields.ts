// Which user fields the upsert takes, decided from the spec: those user.create takes, those
// user.update takes, and which of them the user list answers (the rest need the user's details).
import { bodyFields, objectFields, type BodyField } from '../body';
import { schemas } from '../generated/catalogue';
import { getOperation } from '../request';

/** Set by options, not by rows. */
const INVITE_FIELDS = new Set(['invite', 'inviteSubject', 'inviteMessage', 'inviteLanguage']);
/**
 * Taken apart from plain fields: references resolved by name or e-mail, custom values checked
 * against the organisation's definitions. relevantExperienceInYears is left out: user details
 * carry only months, so it cannot be compared.
 */
const SPECIAL_FIELDS = new Set(['groups', 'supervisor', 'custom', 'relevantExperienceInYears']);

const byName = (fields: BodyField[]) => new Map(fields.map((f) => [f.name, f]));

/** The plain fields user.create takes (e-mail, names, phone). */
export const CREATE_FIELDS: ReadonlyMap<string, BodyField> = byName(
	bodyFields(getOperation('user.create')).filter(
		(f) => !INVITE_FIELDS.has(f.name) && !SPECIAL_FIELDS.has(f.name),
	),
);

/** The plain fields user.update takes: every field a row may carry but references and custom. */
export const UPDATE_FIELDS: ReadonlyMap<string, BodyField> = byName(
	bodyFields(getOperation('user.update')).filter((f) => !SPECIAL_FIELDS.has(f.name)),
);

/** The fields user.create requires of a row (groups aside: an empty list is sent when a row has none). */
export const CREATE_REQUIRED: readonly string[] = bodyFields(getOperation('user.create'))
	.filter((f) => f.required && !SPECIAL_FIELDS.has(f.name))
	.map((f) => f.name);

/** The fields the user list answers for each user: comparing only these needs no details. */
export const LIST_FIELDS: ReadonlySet<string> = new Set(
	[...objectFields(schemas.User).properties.keys()].filter(
		(name) => UPDATE_FIELDS.has(name) || name === 'groups',
	),
);

/** The keys a row may match by. */
export const MATCH_FIELDS = ['email', 'employmentId', 'id'] as const;
