// The one table of Huma's resource groups: how the client, the n8n node and the Node-RED nodes
// name each one. A resource the spec gains without a row here fails to compile.
import type { RESOURCES } from './generated/catalogue';

export type ResourceName = (typeof RESOURCES)[number];

/** Records an editor can offer in a list loaded from Huma. */
export const RECORD_KINDS = ['user', 'group', 'team', 'location', 'company', 'jobTitle'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface ResourceInfo {
	/** Display name (n8n's resource option, docs). */
	label: string;
	/** What one record is called where its ID is asked for: "Position ID", "Child ID". */
	entity: string;
	/** The client's property: `client.users.list()`. */
	clientProperty: string;
	/** The list the `{id}` of this resource's paths is picked from, where Huma offers one. */
	idRecord?: RecordKind;
	/**
	 * The Node-RED node for this resource (none for authentication, which the config node does).
	 * Its palette label is a Node-RED message (`huma.palette.<type>`), so it can be translated.
	 */
	nodeRed?: { type: string };
}

/** In the order the editors list them. Node types, client properties and resource names are a public contract. */
export const RESOURCE_TABLE = {
	auth: { label: 'Authentication', entity: 'Token', clientProperty: 'auth' },
	user: {
		label: 'User',
		entity: 'User',
		clientProperty: 'users',
		idRecord: 'user',
		nodeRed: { type: 'huma-user' },
	},
	group: {
		label: 'Group',
		entity: 'Group',
		clientProperty: 'groups',
		idRecord: 'group',
		nodeRed: { type: 'huma-group' },
	},
	jobTitle: {
		label: 'Job Title',
		entity: 'Job Title',
		clientProperty: 'jobTitles',
		idRecord: 'jobTitle',
		nodeRed: { type: 'huma-job-title' },
	},
	position: {
		label: 'Position',
		entity: 'Position',
		clientProperty: 'positions',
		nodeRed: { type: 'huma-position' },
	},
	holiday: {
		label: 'Holiday',
		entity: 'Holiday',
		clientProperty: 'holidays',
		nodeRed: { type: 'huma-holiday' },
	},
	userChild: {
		label: 'User Child',
		entity: 'Child',
		clientProperty: 'userChildren',
		nodeRed: { type: 'huma-user-child' },
	},
	userEmergencyContact: {
		label: 'User Emergency Contact',
		entity: 'Emergency Contact',
		clientProperty: 'userEmergencyContacts',
		nodeRed: { type: 'huma-emergency-contact' },
	},
	userIdentification: {
		label: 'User Identification',
		entity: 'Identification',
		clientProperty: 'userIdentifications',
		nodeRed: { type: 'huma-identification' },
	},
} as const satisfies Record<ResourceName, ResourceInfo>;

/** A resource's row; undefined for a name the catalogue does not have. */
export function resourceInfo(resource: string): ResourceInfo | undefined {
	return (RESOURCE_TABLE as Record<string, ResourceInfo>)[resource];
}

/** Resources that have operations in the editors (all but authentication, which credentials do). */
export function editorResources(): ResourceName[] {
	return (Object.keys(RESOURCE_TABLE) as ResourceName[]).filter(
		(r) => 'nodeRed' in RESOURCE_TABLE[r],
	);
}

/** The Node-RED node of each editor resource, in table order. */
export function nodeRedNodes(): { type: string; resource: ResourceName }[] {
	return editorResources().map((resource) => ({
		type: (RESOURCE_TABLE[resource] as ResourceInfo).nodeRed!.type,
		resource,
	}));
}

/** The fields of a listed user, group or job title that a dropdown shows. */
export interface ListedRecord {
	name?: string;
	type?: string;
	givenName?: string;
	familyName?: string;
	email?: string;
}

/**
 * How a record reads in a dropdown or search list, the same in n8n and Node-RED: a user by name
 * and email, a group of any kind with its kind, a team, location, company or job title by name.
 */
export function recordName(kind: RecordKind, record: ListedRecord): string {
	if (kind === 'user') return `${record.givenName} ${record.familyName} (${record.email})`;
	if (kind === 'group') return `${record.name} (${record.type})`;
	return String(record.name);
}
