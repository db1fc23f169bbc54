// Public holidays the sandbox knows, computed per year (fixed dates plus Easter-relative ones).

function easterSunday(year: number): Date {
	// Anonymous Gregorian algorithm.
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return new Date(Date.UTC(year, month - 1, day));
}

function shift(date: Date, days: number): string {
	const d = new Date(date);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

type Rule = (year: number, easter: Date) => string[];

const fixed =
	(...mmdd: string[]): Rule =>
	(year) =>
		mmdd.map((d) => `${year}-${d}`);
const easterOffsets =
	(...offsets: number[]): Rule =>
	(_year, easter) =>
		offsets.map((o) => shift(easter, o));

const RULES: Record<string, Rule[]> = {
	// Maundy Thursday, Good Friday, Easter Sunday and Monday, Ascension, Whit Sunday and Monday.
	NO: [fixed('01-01', '05-01', '05-17', '12-25', '12-26'), easterOffsets(-3, -2, 0, 1, 39, 49, 50)],
	DK: [
		fixed('01-01', '06-05', '12-24', '12-25', '12-26', '12-31'),
		easterOffsets(-3, -2, 0, 1, 39, 49, 50),
	],
	SE: [
		fixed('01-01', '01-06', '05-01', '06-06', '12-24', '12-25', '12-26', '12-31'),
		easterOffsets(-2, 0, 1, 39, 49),
	],
	FI: [
		fixed('01-01', '01-06', '05-01', '12-06', '12-24', '12-25', '12-26'),
		easterOffsets(-2, 0, 1, 39, 49),
	],
	DE: [fixed('01-01', '05-01', '10-03', '12-25', '12-26'), easterOffsets(-2, 1, 39, 50)],
	GB: [fixed('01-01', '12-25', '12-26'), easterOffsets(-2, 1)],
};

export const HOLIDAY_COUNTRIES = Object.keys(RULES);

/** Public holidays of a country between two ISO dates, inclusive, sorted. Unknown countries have none. */
export function publicHolidays(countryCode: string, fromDate: string, toDate: string): string[] {
	const rules = RULES[countryCode.toUpperCase()];
	if (!rules) return [];
	const days = new Set<string>();
	for (let year = Number(fromDate.slice(0, 4)); year <= Number(toDate.slice(0, 4)); year++) {
		const easter = easterSunday(year);
		for (const rule of rules)
			for (const day of rule(year, easter)) if (day >= fromDate && day <= toDate) days.add(day);
	}
	return [...days].sort();
}
