import { DeviceFilters } from '../list-devices/list-devices.request.dto';

/** The inventory page's filters, the same as the list's (without the paging). */
export class ExportDevicesQuery extends DeviceFilters {}
