// How the upsert compares a row's value with Huma's current one: Huma's value is read by the rules
// a row's is, and one of a shape a row could not give is a change, never a TypeError.
import { samePlainValue } from '../src/upsert/compare';

describe('upsert comparison', () => {
	it('a Huma value of the wrong shape for its field is a change, never a TypeError', () => {
		expect(samePlainValue('interests', 'chess', ['chess', 'go'])).toBe(false);
		expect(samePlainValue('interests', { not: 'a list' }, ['go'])).toBe(false);
		expect(samePlainValue('interests', 42, ['go'])).toBe(false);
		expect(samePlainValue('bankAccount', 'not json {', { iban: 'NO93' })).toBe(false);
		expect(samePlainValue('relevantExperienceInMonths', { months: 3 }, 3)).toBe(false);
	});

	it('reads Huma values as a row value is read: by value, in any case, in any order', () => {
		expect(samePlainValue('interests', 'go, chess', ['chess', 'go'])).toBe(true);
		expect(samePlainValue('interests', ['go', 'chess'], ['chess', 'go'])).toBe(true);
		expect(samePlainValue('relevantExperienceInMonths', '12', 12)).toBe(true);
		expect(samePlainValue('excludeFromSurveys', 'true', true)).toBe(true);
		expect(samePlainValue('birthDate', '1990-04-01T00:00:00Z', '1990-04-01')).toBe(true);
		expect(samePlainValue('email', ' Ada@Example.com', 'ada@example.com')).toBe(true);
		expect(samePlainValue('phone', null, undefined)).toBe(true);
	});
});
