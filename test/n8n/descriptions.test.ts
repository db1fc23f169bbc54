// The n8n node's texts as people and AI agents read them (an AI Agent's tool variant shows the
// same descriptions): every property says what to enter, every operation what it does and returns.
import type { INodeProperties } from 'n8n-workflow';
import { Huma } from '../../nodes/Huma/Huma.node';

const description = new Huma().description;

function everyProperty(list: INodeProperties[], path = ''): Array<{ path: string; property: INodeProperties }> {
  return list.flatMap((property) => [
    { path: `${path}${property.name}`, property },
    ...(property.type === 'collection' ? everyProperty(property.options as INodeProperties[], `${path}${property.name}.`) : []),
  ]);
}

describe('n8n node texts', () => {
  const all = everyProperty(description.properties);

  it('has a description on every property of every operation, collection fields included', () => {
    expect(all.length).toBeGreaterThan(190);
    const undescribed = all.filter(({ property }) => !property.description?.trim()).map(({ path, property }) => `${path} (${property.displayName})`);
    expect(undescribed).toEqual([]);
  });

  it('describes what each field is, not only its name: User Create asks for email, given and family name in words', () => {
    const create = (name: string) => all.find(({ property }) => property.name === name && property.displayOptions?.show?.operation?.includes('create') && property.displayOptions?.show?.resource?.includes('user'))!.property;
    expect(create('email').description).toMatch(/email address/i);
    expect(create('givenName').description).toMatch(/first name/i);
    expect(create('familyName').description).toMatch(/last name/i);
  });

  it('says what every operation does and what it returns', () => {
    const options = description.properties.filter((p) => p.name === 'operation').flatMap((p) => p.options as Array<{ name: string; description?: string }>);
    expect(options.length).toBe(34);
    for (const option of options) expect(option.description).toMatch(/\. (Returns|Huma answers with) .+\.$/);
  });

  it('shows a subtitle in words: "Get Many: User", "Add to Groups: User", "Delete: User Identification"', () => {
    const subtitle = String(description.subtitle);
    expect(subtitle.startsWith('={{') && subtitle.endsWith('}}')).toBe(true);
    const evaluate = (parameter: Record<string, string>) => new Function('$parameter', `return ${subtitle.slice(3, -2)}`)(parameter);
    expect(evaluate({ resource: 'user', operation: 'getAll' })).toBe('Get Many: User');
    expect(evaluate({ resource: 'user', operation: 'addToGroups' })).toBe('Add to Groups: User');
    expect(evaluate({ resource: 'userIdentification', operation: 'delete' })).toBe('Delete: User Identification');
  });
});
