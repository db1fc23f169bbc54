import { simplify } from '@huma-integrations/huma-client/node';

describe('simplify', () => {
	it('unwraps field wrappers at any depth and leaves plain data alone', () => {
		expect(
			simplify({
				id: 'x',
				givenName: { value: 'Ada', editable: true },
				phone: { editable: false },
				supervisor: {
					value: { id: 's', jobTitles: [] },
					editable: true,
					completeness: 'important',
				},
				children: { value: [{ id: 'c', name: 'Ola' }], editable: true },
				custom: {
					shoe: { label: 'Shoe size', value: 42, editable: true, section: 'misc', type: 'number' },
				},
				status: { active: true },
			}),
		).toEqual({
			id: 'x',
			givenName: 'Ada',
			phone: undefined,
			supervisor: { id: 's', jobTitles: [] },
			children: [{ id: 'c', name: 'Ola' }],
			custom: { shoe: 42 },
			status: { active: true },
		});
	});
});
