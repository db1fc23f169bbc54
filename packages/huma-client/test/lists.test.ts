import {
	answersEnvelope,
	answersList,
	listItems,
	operations,
	type OperationSpec,
} from '@huma-integrations/huma-client';

const names = (filter: (op: OperationSpec) => boolean) =>
	operations
		.filter(filter)
		.map((op) => op.name)
		.sort();

it('finds every list of the catalogue, and which answer a { total, items } envelope', () => {
	expect(names(answersEnvelope)).toEqual([
		'group.list',
		'position.list',
		'user.list',
		'user.listJubilees',
	]);
	expect(names(answersList)).toEqual([
		'group.list',
		'holiday.list',
		'jobTitle.list',
		'position.list',
		'user.addSubordinates',
		'user.list',
		'user.listJubilees',
		'user.listSubordinates',
	]);
	// Every paged list is an envelope; jubilees is the one envelope without paging.
	for (const op of operations.filter((o) => o.paged)) expect(answersEnvelope(op)).toBe(true);
});

it('turns an envelope into its items and leaves other answers alone', () => {
	const jubilees = operations.find((o) => o.name === 'user.listJubilees')!;
	const jobTitles = operations.find((o) => o.name === 'jobTitle.list')!;
	const getUser = operations.find((o) => o.name === 'user.get')!;
	expect(listItems(jubilees, { total: 2, items: [{ years: 1 }, { years: 2 }] })).toEqual([
		{ years: 1 },
		{ years: 2 },
	]);
	expect(listItems(jobTitles, [{ id: 'a' }])).toEqual([{ id: 'a' }]);
	expect(listItems(getUser, { id: 'x', items: [] })).toEqual({ id: 'x', items: [] });
});
