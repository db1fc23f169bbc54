// Every decision the spec leaves to us about one operation, in one place, keyed by operation
// name: read by the core, the n8n generator and runtime, and the Node-RED editor and runtime.
// An operation with no entry gets the defaults (spec words, humanized names, no simplify), so
// a new operation needs an entry only where one of these decisions applies.
import type { OperationSpec } from './catalogue-types';
import type { OperationName } from './request';
import { resourceInfo, type RecordKind } from './resources';

export interface OperationDecisions {
	/** The operation as words, where the humanized action reads badly ("Get Subordinates"). */
	label?: string;
	/** What the operation gives back: appended to the spec's description. */
	returns?: string;
	/** Descriptions of this operation's fields, winning over the spec's and the general ones. */
	fieldDescriptions?: Record<string, string>;
	/** The body is a bare list of IDs: the field it is entered in and the records it names. */
	idList?: { field: string; label: string; record: Extract<RecordKind, 'user' | 'group'> };
	/** The answer is a list of plain values: the key each gets as an item (n8n items are objects). */
	valueKey?: string;
	/**
	 * The answer wraps its fields as `{ value, editable, … }` (UserDetails, Position): editors
	 * offer it simplified. test/decisions.test.ts checks each such answer really wraps fields.
	 */
	simplify?: true;
}

const CHILD_FIELDS = {
	birthDate: "The child's date of birth, in YYYY-MM-DD form, today or earlier",
	name: "The child's name",
};
const CONTACT_FIELDS = {
	name: "The contact's full name",
	phone: "The contact's phone number, with country code",
};
const IDENTIFICATION_FIELDS = { type: 'Kind of identification: national (ID number) or passport' };

export const OPERATION_DECISIONS: Partial<Record<OperationName, OperationDecisions>> = {
	'user.list': {
		returns:
			'Returns one item per user: ID, names, email, phone, job title, teams, locations, companies and status',
	},
	'user.create': { returns: 'Returns the new user with its ID' },
	'user.get': {
		returns: "Returns the user's full profile: personal, employment and group fields",
		simplify: true,
	},
	'user.update': { returns: "Returns the user's updated profile", simplify: true },
	'user.listSubordinates': {
		label: 'Get Subordinates',
		returns: 'Returns one item per user who reports directly to this user',
	},
	'user.addSubordinates': {
		returns: 'Returns the users now reporting to this user',
		idList: { field: 'subordinateIds', label: 'Subordinate IDs', record: 'user' },
	},
	'user.addToGroups': {
		label: 'Add to Groups',
		idList: { field: 'groupIds', label: 'Group IDs', record: 'group' },
	},
	'user.removeFromGroups': { idList: { field: 'groupIds', label: 'Group IDs', record: 'group' } },
	'user.getWorkSchedule': {
		returns: "Returns the user's work schedule: its name, country and working days",
	},
	'user.getSupervisor': {
		returns: "Returns the user's supervisor; fails with 404 for a user without one",
	},
	'user.listJubilees': {
		label: 'Get Jubilees',
		returns:
			'Returns one item per jubilee in the range: its type, date, number of years and the user',
	},
	'group.list': {
		returns: 'Returns one item per group: ID, name and type (team, location or company)',
		fieldDescriptions: { type: 'Only groups of these kinds: team, location or company' },
	},
	'group.create': {
		returns: 'Returns the new group with its ID',
		fieldDescriptions: { type: 'Kind of group: team, location or company' },
	},
	'group.get': { returns: 'Returns the group with its members' },
	'group.update': { returns: 'Returns the updated group' },
	'jobTitle.list': { returns: 'Returns one item per job title: ID and name' },
	'jobTitle.create': { returns: 'Returns the new job title with its ID' },
	'jobTitle.get': { returns: 'Returns the job title with its description' },
	'jobTitle.update': { returns: 'Returns the updated job title' },
	'position.list': { returns: "Returns one item per position in the user's employment history" },
	'position.create': { returns: 'Returns the new position with its ID', simplify: true },
	'position.get': {
		returns: 'Returns the position: job title, contract, dates and percentage',
		simplify: true,
	},
	'position.update': { returns: 'Returns the updated position', simplify: true },
	'holiday.list': {
		returns: 'Returns the dates of the public holidays in the range',
		valueKey: 'date',
	},
	'userChild.create': {
		returns: 'Returns the new child record with its ID',
		fieldDescriptions: CHILD_FIELDS,
	},
	'userChild.update': {
		returns: 'Returns the updated child record',
		fieldDescriptions: CHILD_FIELDS,
	},
	'userEmergencyContact.create': {
		returns: 'Returns the new emergency contact with its ID',
		fieldDescriptions: CONTACT_FIELDS,
	},
	'userEmergencyContact.update': {
		returns: 'Returns the updated emergency contact',
		fieldDescriptions: CONTACT_FIELDS,
	},
	'userIdentification.create': {
		returns: 'Returns the new identification with its ID',
		fieldDescriptions: IDENTIFICATION_FIELDS,
	},
	'userIdentification.update': {
		returns: 'Returns the updated identification',
		fieldDescriptions: IDENTIFICATION_FIELDS,
	},
};

const NONE: OperationDecisions = {};

/** The decisions of one operation; an operation without an entry gets none. */
export function decisionsFor(op: Pick<OperationSpec, 'name'>): OperationDecisions {
	return (OPERATION_DECISIONS as Record<string, OperationDecisions>)[op.name] ?? NONE;
}

/** Whether editors offer the answer simplified (its `{ value, editable, … }` wrappers unwrapped). */
export function answerIsSimplifiable(op: Pick<OperationSpec, 'name'>): boolean {
	return decisionsFor(op).simplify === true;
}

/**
 * Fields that name a record, by field name, wherever they appear: an editor offers a list of
 * those records loaded from Huma. `id` is the operation's own record (see {@link recordOfField}).
 */
export const FIELD_RECORDS: Record<string, RecordKind> = {
	team: 'team',
	location: 'location',
	company: 'company',
	groups: 'group',
	groupIds: 'group',
	jobTitle: 'jobTitle',
	titleId: 'jobTitle',
	supervisor: 'user',
	notRecursivelySupervisorOf: 'user',
	notRecursivelySubordinateOf: 'user',
	userId: 'user',
	excludeId: 'user',
	members: 'user',
	subordinateIds: 'user',
};

/** Which records a field of this operation names, if any: `id` is the operation's own record. */
export function recordOfField(
	op: Pick<OperationSpec, 'resource'>,
	name: string,
): RecordKind | undefined {
	if (name === 'id') return resourceInfo(op.resource)?.idRecord;
	return FIELD_RECORDS[name];
}
