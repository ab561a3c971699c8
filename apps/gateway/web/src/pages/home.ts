import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { alertBox, choiceList, describeFailure, showLoading, showPage } from '../ui.js';

interface TenantSummary {
  slug: string;
  name: string;
}

/** Where citizens start: pick the municipality, then book. */
export async function homePage(main: HTMLElement): Promise<void> {
  showLoading(main, t('home.title'));
  let tenants: TenantSummary[];
  try {
    tenants = await api<TenantSummary[]>('/api/v1/tenants');
  } catch (error) {
    showPage(main, t('home.title'), alertBox(describeFailure(error)));
    return;
  }
  showPage(
    main,
    t('home.title'),
    h('p', {}, t('home.intro')),
    tenants.length === 0
      ? h('p', {}, t('home.none'))
      : choiceList(
          t('home.tenants'),
          tenants.map((tenant) => ({ href: `/${encodeURIComponent(tenant.slug)}/termin`, text: tenant.name })),
        ),
  );
}
