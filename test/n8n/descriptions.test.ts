// The n8n node's texts as people and AI agents read them (an AI Agent's tool variant shows the
// same descriptions): every property says what to enter, every operation what it does and returns.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties } from 'n8n-workflow';
import { Huma } from '../../nodes/Huma/Huma.node';
import { isComposite } from '../../nodes/Huma/composite/operations';

const description = new Huma().description;

function everyProperty(
	list: INodeProperties[],
	path = '',
): Array<{ path: string; property: INodeProperties }> {
	return list.flatMap((property) => [
		{ path: `${path}${property.name}`, property },
		...(property.type === 'collection'
			? everyProperty(property.options as INodeProperties[], `${path}${property.name}.`)
			: []),
	]);
}

describe('n8n node texts', () => {
	const all = everyProperty(description.properties);

	it('has a description on every property of every operation, collection fields included', () => {
		expect(all.length).toBeGreaterThan(190);
		const undescribed = all
			.filter(({ property }) => !property.description?.trim())
			.map(({ path, property }) => `${path} (${property.displayName})`);
		expect(undescribed).toEqual([]);
	});

	it('describes what each field is, not only its name: User Create asks for email, given and family name in words', () => {
		const create = (name: string) =>
			all.find(
				({ property }) =>
					property.name === name &&
					property.displayOptions?.show?.operation?.includes('create') &&
					property.displayOptions?.show?.resource?.includes('user'),
			)!.property;
		expect(create('email').description).toMatch(/email address/i);
		expect(create('givenName').description).toMatch(/first name/i);
		expect(create('familyName').description).toMatch(/last name/i);
	});

	it('says what every operation does and what it returns', () => {
		const options = description.properties
			.filter((p) => p.name === 'operation')
			.flatMap((p) => p.options as Array<{ name: string; description?: string }>);
		expect(options.length).toBe(36);
		for (const option of options) {
			// n8n's lint rules fix an upsert's words; its Columns field says what it returns.
			if (option.name === 'Create or Update')
				expect(option.description).toBe(
					'Create a new record, or update the current one if it already exists (upsert)',
				);
			else expect(option.description).toMatch(/\. (Returns|Huma answers with) .+\.$/);
		}
	});

	it('shows a subtitle in words: "Get Many: User", "Add to Groups: User", "Delete: User Identification"', () => {
		const subtitle = String(description.subtitle);
		expect(subtitle.startsWith('={{') && subtitle.endsWith('}}')).toBe(true);
		const evaluate = (parameter: Record<string, string>) =>
			new Function('$parameter', `return ${subtitle.slice(3, -2)}`)(parameter);
		expect(evaluate({ resource: 'user', operation: 'getAll' })).toBe('Get Many: User');
		expect(evaluate({ resource: 'user', operation: 'addToGroups' })).toBe('Add to Groups: User');
		expect(evaluate({ resource: 'userIdentification', operation: 'delete' })).toBe(
			'Delete: User Identification',
		);
	});

	it('lays out one file per operation whose fields show only for that resource and operation, their own conditions kept', () => {
		const resourcesDir = join(__dirname, '../../nodes/Huma/resources');
		const operations = description.properties.filter((p) => p.name === 'operation');
		const files = operations.flatMap((operation) => {
			const resource = operation.displayOptions!.show!.resource![0] as string;
			// The operations made of several calls are written by hand, in nodes/Huma/composite/.
			const generated = (operation.options as Array<{ value: string }>).filter(
				(o) => !isComposite(resource, o.value),
			);
			expect(readdirSync(join(resourcesDir, resource)).sort()).toEqual(
				['index.generated.ts', ...generated.map((o) => `${o.value}.generated.ts`)].sort(),
			);
			return generated.map((o) => ({ resource, operation: o.value }));
		});
		expect(files.length).toBe(34);
		for (const { resource, operation } of files) {
			const file = require(join(resourcesDir, resource, `${operation}.generated`)) as {
				properties: INodeProperties[];
				description: INodeProperties[];
			};
			for (const [i, property] of file.properties.entries()) {
				expect(property.displayOptions?.show?.resource).toBeUndefined();
				expect(property.displayOptions?.show?.operation).toBeUndefined();
				expect(file.description[i].displayOptions).toEqual({
					show: { ...property.displayOptions?.show, resource: [resource], operation: [operation] },
				});
				expect(description.properties).toContain(file.description[i]);
			}
		}
		const limit = all.find(
			({ path, property }) =>
				path === 'limit' && property.displayOptions?.show?.resource?.includes('user'),
		)!.property;
		expect(limit.displayOptions).toEqual({
			show: { resource: ['user'], operation: ['getAll'], returnAll: [false] },
		});
	});
});
