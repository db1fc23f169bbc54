// holiday.list
import { invalidFields } from '../errors';
import { publicHolidays } from '../holidays';
import { ok, type Handler, type OperationsOf } from './context';

export const holidayHandlers = {
	'holiday.list': (ctx) => {
		const from = String(ctx.params.fromDate);
		const to = String(ctx.params.toDate);
		if (to < from)
			throw invalidFields(['fromDate', 'toDate'], 'toDate must not be before fromDate');
		return ok(publicHolidays(String(ctx.params.countryCode), from, to));
	},
} satisfies { [N in OperationsOf<'holiday'>]: Handler };
