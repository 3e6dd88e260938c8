// KetNoi web UI: the problem board, the expert directory (an expert's panel also hides
// works from matching and marks key works), the matching of experts to problems ("Find
// experts", and the matches shown in each panel), and the import of files with the review
// of doubtful identities ("Import").
//
// Data flow: on start the page loads the small reference collections once
// (organisations, chapters, taxonomy versions and groups) to resolve names, then
// shows the view named in the URL hash. Each list view keeps its filters and page in
// the hash ("#experts?country=JP&page=2") so a link reproduces what the user saw;
// "#experts/12" or "#problems/3" also opens the detail panel, and "#find/expert-12" or
// "#experts/problem-3" opens a panel of the other kind over a view. Rendering builds
// DOM nodes (never HTML strings from data; the <mark> highlights of match evidence are
// rebuilt as nodes too) and re-runs from cached responses when the language changes,
// without asking the server again.

import { apiAction, apiGet, apiList, apiListAll, apiPatch, apiPost, apiUpload } from './api.js';
import {
  t, label, pick, pickedLang, lang, setLang, onLangChange, applyStaticText,
  formatDate, formatMoney, formatNumber, formatPercent, countryName, languageName, compare,
  PROBLEM_STATUSES,
} from './i18n.js';

const VIEWS = ['problems', 'experts', 'find', 'import'];
const LIST_VIEWS = ['problems', 'experts']; // views whose "#view/12" opens one of their items

// ---- DOM helpers ----------------------------------------------------------------

// h('a', {href: '#'}, 'text', child, [more]) → element. Attributes with null,
// undefined or false values are left out; children may be strings, nodes or arrays.
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

// Replaces the children of `el` (leaving out null, false and '' like h()).
function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false || child === '') continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const ICONS = {
  pin: 'M12 21s-6.5-6.2-6.5-11a6.5 6.5 0 0 1 13 0c0 4.8-6.5 11-6.5 11Zm0-8.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5Z',
  building: 'M4 21V5l8-2v18M12 8h8v13M7 8h2M7 12h2M7 16h2M15 12h2M15 16h2M2 21h20',
  calendar: 'M4 6h16v14H4zM4 10h16M8 3v4M16 3v4',
  coins: 'M12 3c4.4 0 8 1.3 8 3s-3.6 3-8 3-8-1.3-8-3 3.6-3 8-3Zm-8 3v6c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12v6c0 1.7 3.6 3 8 3s8-1.3 8-3v-6',
  lock: 'M6 11h12v10H6zM8.5 11V7.5a3.5 3.5 0 0 1 7 0V11',
  eye: 'M2 12s3.6-6.5 10-6.5S22 12 22 12s-3.6 6.5-10 6.5S2 12 2 12Zm10 3a3 3 0 1 0 0-6 3 3 0 0 0 0 6Z',
  globe: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18ZM3 12h18M12 3c2.5 2.4 3.8 5.4 3.8 9s-1.3 6.6-3.8 9c-2.5-2.4-3.8-5.4-3.8-9S9.5 5.4 12 3Z',
  shield: 'M12 3 5 6v5.5c0 4.4 3 8.2 7 9.5 4-1.3 7-5.1 7-9.5V6l-7-3Zm-3 9 2.2 2.2L15.5 10',
  back: 'M15 5l-7 7 7 7',
  down: 'M12 5v14M6 13l6 6 6-6',
  link: 'M10 14a4.5 4.5 0 0 0 6.4 0l3-3a4.5 4.5 0 0 0-6.4-6.4l-1.2 1.2M14 10a4.5 4.5 0 0 0-6.4 0l-3 3a4.5 4.5 0 0 0 6.4 6.4l1.2-1.2',
  star: 'M12 3.5l2.6 5.4 5.9.8-4.3 4.1 1 5.9L12 16.9l-5.2 2.8 1-5.9-4.3-4.1 5.9-.8Z',
  eyeOff: 'M3 3l18 18M10.6 5.6A10 10 0 0 1 12 5.5c6.4 0 10 6.5 10 6.5a17.4 17.4 0 0 1-3.2 3.9M6.6 6.6C3.8 8.4 2 12 2 12s3.6 6.5 10 6.5c1.8 0 3.4-.5 4.8-1.2M9.9 9.9a3 3 0 0 0 4.2 4.2',
};

function icon(name) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
}

const $ = (selector) => document.querySelector(selector);

function debounce(fn, ms) {
  let timer = 0;
  const run = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  run.cancel = () => clearTimeout(timer);
  return run;
}

// ---- Reference data ---------------------------------------------------------------

const lookups = {
  organizations: new Map(),
  chapters: new Map(),
  versions: new Map(),
  groups: new Map(),
};

async function loadLookups() {
  const [organizations, chapters, versions, groups] = await Promise.all([
    apiListAll('organizations'),
    apiListAll('chapters'),
    apiListAll('taxonomy/versions'),
    apiListAll('taxonomy/groups'),
  ]);
  for (const o of organizations) lookups.organizations.set(o.id, o);
  for (const c of chapters) lookups.chapters.set(c.id, c);
  for (const v of versions) lookups.versions.set(v.id, v);
  for (const g of groups) lookups.groups.set(g.id, g);
}

function orgName(id) {
  const org = lookups.organizations.get(id);
  if (!org) return id == null ? '' : t('expert.unknownOrg', { id });
  return (lang() === 'en' && org.name_en) ? org.name_en : org.name;
}

function groupName(id) {
  const g = lookups.groups.get(id);
  return g ? pick(g.name) : `#${id}`;
}

// Taxonomy versions, the current one first, then the newest.
function orderedVersions() {
  const rank = { current: 0, draft: 1, superseded: 2 };
  return [...lookups.versions.values()].sort((a, b) =>
    (rank[a.status] ?? 3) - (rank[b.status] ?? 3)
    || String(b.effective_from || '').localeCompare(String(a.effective_from || '')));
}

// ---- Shared pieces of cards and panels --------------------------------------------

function textWithLang(tag, attrs, bilingual) {
  const text = pick(bilingual);
  const el = h(tag, attrs, text);
  if (pickedLang(bilingual) !== lang()) el.lang = pickedLang(bilingual);
  return el;
}

function groupChips(ids, { testid } = {}) {
  if (!ids || ids.length === 0) return null;
  return h('ul', { class: 'chips', 'aria-label': t('problem.groups'), 'data-testid': testid },
    ids.map((id) => {
      const g = lookups.groups.get(id);
      const name = groupName(id);
      return h('li', { class: 'chip chip-group', title: name },
        g && g.number != null ? h('span', { class: 'chip-number', 'aria-hidden': 'true' }, g.number) : null,
        h('span', { class: 'chip-text' }, name));
    }));
}

function statusBadge(status) {
  return h('span', { class: `badge status status-${status}`, 'data-testid': 'status-badge' },
    label('status', status));
}

function confidentialityBadge(value) {
  if (!value) return null;
  return h('span', { class: `badge conf conf-${value}`, 'data-testid': 'confidentiality-badge' },
    icon(value === 'public' ? 'eye' : 'lock'), label('confidentiality', value));
}

function initials(name) {
  const words = String(name || '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0][0];
  const last = words.length > 1 ? words[words.length - 1][0] : '';
  return (first + last).toLocaleUpperCase();
}

function avatar(id, name, size = '') {
  const hue = (Number(id) * 47) % 360;
  return h('span', { class: `avatar ${size}`, 'aria-hidden': 'true', style: `--hue:${hue}` }, initials(name));
}

function currentAffiliations(expert) {
  const list = expert.affiliations || [];
  const current = list.filter((a) => a.current);
  return current.length ? current : list.slice(0, 1);
}

function affiliationText(a) {
  return [a.title, orgName(a.organization_id)].filter(Boolean).join(' · ');
}

function locationText(expert) {
  return [expert.city, countryName(expert.country)].filter(Boolean).join(', ');
}

function paragraphs(text) {
  return String(text || '').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
}

function fact(term, ...value) {
  return h('div', { class: 'fact' }, h('dt', {}, term), h('dd', {}, ...value));
}

// ---- Problem board ----------------------------------------------------------------

function problemCard(p) {
  const conf = p.confidentiality || 'public';
  const title = pick(p.title) ? textWithLang('span', {}, p.title) : t('problem.untitled');
  const summarySource = pick(p.summary) ? p.summary
    : (conf === 'public' ? p.description : null);
  const org = lookups.organizations.get(p.organization_id);
  const money = formatMoney(p.budget);

  return h('li', {},
    h('article', {
      class: 'card problem-card', 'data-testid': 'problem-card',
      'data-problem-id': p.id, 'data-status': p.status, 'data-confidentiality': conf,
    },
    h('div', { class: 'badges' }, statusBadge(p.status), confidentialityBadge(conf)),
    h('h2', { class: 'card-title' },
      h('button', {
        type: 'button', class: 'card-link', 'data-testid': 'problem-open',
        'data-open': `problems/${p.id}`,
      }, title)),
    h('p', { class: 'card-org' }, icon('building'),
      h('span', {}, orgName(p.organization_id)),
      org && org.country ? h('span', { class: 'muted' }, ` · ${countryName(org.country)}`) : null),
    summarySource && pick(summarySource)
      ? textWithLang('p', { class: 'card-summary', 'data-testid': 'problem-summary' }, summarySource)
      : null,
    groupChips(p.group_ids),
    h('dl', { class: 'card-facts' },
      p.deadline ? fact(t('problem.deadline'), icon('calendar'), formatDate(p.deadline)) : null,
      fact(t('problem.budget'), icon('coins'),
        money ? h('span', { 'data-testid': 'problem-budget' }, money) : h('span', { class: 'muted' }, t('problem.budget.none'))))));
}

function problemDetail(p) {
  const conf = p.confidentiality || 'public';
  const restricted = conf !== 'public';
  const org = lookups.organizations.get(p.organization_id);
  const money = formatMoney(p.budget);
  const skills = p.skills || [];
  const must = skills.filter((s) => s.level === 'must');
  const nice = skills.filter((s) => s.level !== 'must');
  const description = paragraphs(pick(p.description));

  return [
    h('div', { class: 'badges' }, statusBadge(p.status), confidentialityBadge(conf)),
    h('h2', { id: 'detail-title', class: 'detail-title', 'data-testid': 'detail-title' },
      pick(p.title) ? textWithLang('span', {}, p.title) : t('problem.untitled')),
    h('p', { class: 'detail-sub' }, icon('building'), orgName(p.organization_id),
      org && org.country ? ` · ${[org.city, countryName(org.country)].filter(Boolean).join(', ')}` : ''),
    h('dl', { class: 'facts-grid' },
      fact(t('problem.deadline'), p.deadline ? formatDate(p.deadline) : '—'),
      fact(t('problem.budget'), money || h('span', { class: 'muted' }, t('problem.budget.none'))),
      p.engagement_mode ? fact(t('problem.mode'), label('mode', p.engagement_mode)) : null,
      fact(t('problem.trl'), p.trl
        ? t('problem.trl.value', { current: p.trl.current, target: p.trl.target })
        : h('span', { class: 'muted' }, t('problem.trl.none'))),
      p.ip_terms ? fact(t('problem.ip'), label('ip', p.ip_terms)) : null,
      fact(t('problem.confidentiality'), label('confidentiality', conf))),
    h('p', { class: 'jump' },
      h('button', {
        type: 'button', class: 'button button-small', 'data-testid': 'jump-to-matches',
        onclick: () => {
          const section = $('#problem-matches');
          section.scrollIntoView({ behavior: 'smooth', block: 'start' });
          section.focus({ preventScroll: true });
        },
      }, icon('down'), t('match.jump'))),
    p.group_ids && p.group_ids.length
      ? h('section', { class: 'detail-section' }, h('h3', {}, t('problem.groups')), groupChips(p.group_ids))
      : null,
    pick(p.summary)
      ? h('section', { class: 'detail-section' }, h('h3', {}, t('problem.summary')),
        textWithLang('p', { class: 'prose', 'data-testid': 'problem-detail-summary' }, p.summary))
      : null,
    restricted
      ? h('p', { class: 'note', 'data-testid': 'problem-restricted-note' }, icon('lock'),
        t(conf === 'invite_only' ? 'problem.inviteOnlyNote' : 'problem.summaryOnlyNote'))
      : h('section', { class: 'detail-section' }, h('h3', {}, t('problem.description')),
        description.length
          ? h('div', {
            class: 'prose', 'data-testid': 'problem-description',
            lang: pickedLang(p.description) !== lang() ? pickedLang(p.description) : null,
          }, description.map((para) => h('p', {}, para)))
          : h('p', { class: 'muted' }, t('problem.noDescription'))),
    !restricted && skills.length
      ? h('section', { class: 'detail-section', 'data-testid': 'problem-skills' },
        h('h3', {}, t('problem.skills')),
        h('div', { class: 'skill-columns' },
          must.length ? h('div', {}, h('h4', {}, t('problem.skills.must')),
            h('ul', { class: 'chips' }, must.map((s) => h('li', { class: 'chip chip-must' }, s.name)))) : null,
          nice.length ? h('div', {}, h('h4', {}, t('problem.skills.nice')),
            h('ul', { class: 'chips' }, nice.map((s) => h('li', { class: 'chip chip-nice' }, s.name)))) : null))
      : null,
    !restricted && p.deliverables && p.deliverables.length
      ? h('section', { class: 'detail-section', 'data-testid': 'problem-deliverables' },
        h('h3', {}, t('problem.deliverables')),
        h('ol', { class: 'deliverables' }, p.deliverables.map((d) => h('li', {}, d))))
      : null,
    problemMatches.attach(p),
  ];
}

// ---- Expert directory -------------------------------------------------------------

function expertCard(e) {
  const affs = currentAffiliations(e);
  const skills = (e.skills || []).slice(0, 4);
  return h('li', {},
    h('article', {
      class: 'card expert-card', 'data-testid': 'expert-card',
      'data-expert-id': e.id, 'data-country': e.country || '',
    },
    h('div', { class: 'card-head' },
      avatar(e.id, e.full_name),
      h('div', { class: 'card-head-text' },
        h('h2', { class: 'card-title' },
          h('button', {
            type: 'button', class: 'card-link', 'data-testid': 'expert-open',
            'data-open': `experts/${e.id}`,
          }, h('span', { 'data-testid': 'expert-name' }, e.full_name))),
        affs.length ? h('p', { class: 'card-sub' }, affiliationText(affs[0])) : null)),
    h('p', { class: 'card-meta' },
      e.country || e.city
        ? h('span', { class: 'meta-item', 'data-testid': 'expert-location' }, icon('pin'), locationText(e))
        : null,
      e.background ? h('span', { class: `tag tag-${e.background}` }, label('background', e.background)) : null),
    groupChips(e.group_ids),
    skills.length
      ? h('p', { class: 'card-skills' },
        h('span', { class: 'card-skills-label' }, `${t('expert.skills')}: `),
        skills.join(' · '))
      : null));
}

function expertDetail(e, works, problems) {
  const affs = e.affiliations || [];
  const bio = paragraphs(pick(e.bio));
  const availability = e.availability || [];
  const orcid = e.orcid ? String(e.orcid) : '';

  return [
    h('div', { class: 'detail-person' },
      avatar(e.id, e.full_name, 'avatar-lg'),
      h('div', {},
        h('h2', { id: 'detail-title', class: 'detail-title', 'data-testid': 'detail-title' }, e.full_name),
        e.name_ascii && e.name_ascii !== e.full_name
          ? h('p', { class: 'muted small' }, h('span', { class: 'visually-hidden' }, `${t('expert.otherName')}: `), e.name_ascii)
          : null,
        affs.map((a) => h('p', { class: 'detail-sub' }, icon('building'), affiliationText(a))),
        e.country || e.city
          ? h('p', { class: 'detail-sub' }, icon('pin'), locationText(e)) : null)),
    h('div', { class: 'badges' },
      e.background ? h('span', { class: `tag tag-${e.background}` }, label('background', e.background)) : null,
      e.career_stage ? h('span', { class: 'tag' }, label('stage', e.career_stage)) : null),

    h('section', { class: 'detail-section' },
      h('h3', {}, t('expert.bio')),
      bio.length
        ? h('div', {
          class: 'prose', 'data-testid': 'expert-bio',
          lang: pickedLang(e.bio) !== lang() ? pickedLang(e.bio) : null,
        }, bio.map((para) => h('p', {}, para)))
        : h('p', { class: 'muted', 'data-testid': 'expert-bio' }, t('expert.bio.none'))),

    h('dl', { class: 'facts-grid' },
      e.languages && e.languages.length
        ? fact(t('expert.languages'), h('span', { 'data-testid': 'expert-languages' },
          e.languages.map(languageName).join(', ')))
        : null,
      e.career_stage ? fact(t('expert.stage'), label('stage', e.career_stage)) : null,
      orcid
        ? fact(t('expert.orcid'), h('a', {
          class: 'nowrap',
          href: `https://orcid.org/${encodeURIComponent(orcid)}`, rel: 'noopener noreferrer', target: '_blank',
        }, orcid))
        : null),

    e.engagement_modes && e.engagement_modes.length
      ? h('section', { class: 'detail-section' }, h('h3', {}, t('expert.modes')),
        h('ul', { class: 'chips', 'data-testid': 'expert-modes' },
          e.engagement_modes.map((m) => h('li', { class: 'chip chip-mode' }, label('mode', m)))))
      : null,

    h('section', { class: 'detail-section' }, h('h3', {}, t('expert.availability')),
      availability.length
        ? h('ul', { class: 'availability', 'data-testid': 'expert-availability' },
          availability.map((a) => h('li', {},
            icon('calendar'),
            h('div', {},
              h('p', {},
                h('span', { class: 'availability-dates' },
                  [formatDate(a.from), formatDate(a.to)].filter(Boolean).join(' – ')),
                a.hours_per_month
                  ? h('span', { class: 'muted' }, ` · ${t('expert.availability.hours', { hours: a.hours_per_month })}`)
                  : null),
              a.note ? h('p', { class: 'muted small' }, a.note) : null))))
        : h('p', { class: 'muted' }, t('expert.availability.none'))),

    e.group_ids && e.group_ids.length
      ? h('section', { class: 'detail-section' }, h('h3', {}, t('expert.groups')), groupChips(e.group_ids))
      : null,

    e.skills && e.skills.length
      ? h('section', { class: 'detail-section' }, h('h3', {}, t('expert.skills')),
        h('ul', { class: 'chips' }, e.skills.map((s) => h('li', { class: 'chip chip-skill' }, s))))
      : null,

    h('section', { class: 'detail-section', 'data-testid': 'expert-problems-section' },
      h('h3', {}, t('expert.problems')),
      expertProblemsBlock(problems)),

    h('section', { class: 'detail-section', 'data-testid': 'expert-works' },
      h('h3', {}, t('expert.works')),
      worksBlock(works, e.id)),
  ];
}

// The expert's own entry among a work's authors, which holds their curation of the work:
// `hidden` (matching ignores the work for them) and `key` (it weighs more).
function authorEntry(work, expertId) {
  return (work.authors || []).find((a) => a.expert_id === expertId) || null;
}

// The expert's works, newest first, each with the expert's curation and the two toggles
// that change it (toggleWorkFlag); `works.saving` and `works.errors` hold, by work id,
// the changes in flight and the ones the server refused.
function worksBlock(works, expertId) {
  if (!works || works.state === 'loading') {
    return h('p', { class: 'muted', 'aria-busy': 'true' }, t('list.loading'));
  }
  if (works.state === 'error') {
    return h('p', { class: 'inline-error', role: 'alert' }, works.error.message);
  }
  const items = [...works.items].sort((a, b) => (b.year || 0) - (a.year || 0));
  if (items.length === 0) return h('p', { class: 'muted' }, t('expert.works.none'));
  const hidden = items.filter((w) => authorEntry(w, expertId)?.hidden).length;
  return [
    hidden
      ? h('p', { class: 'works-hidden-count', 'data-testid': 'works-hidden-count', 'data-count': hidden },
        icon('eyeOff'),
        t(hidden === 1 ? 'expert.works.hidden.one' : 'expert.works.hidden', { count: formatNumber(hidden) }))
      : null,
    h('ol', { class: 'works' }, items.map((w) => workItem(w, expertId, works))),
    works.total > items.length
      ? h('p', { class: 'muted small' }, t('expert.works.more', { shown: items.length, total: works.total }))
      : null,
  ];
}

function workItem(w, expertId, works) {
  const mine = authorEntry(w, expertId);
  const hidden = Boolean(mine && mine.hidden);
  const key = Boolean(mine && mine.key);
  const busy = works.saving.has(w.id);
  const error = works.errors.get(w.id);
  // A toggle keeps its label whichever its state (aria-pressed says which); the tooltip
  // says what a click will do.
  const toggle = (flag, on, iconName, testid) => h('button', {
    type: 'button', class: 'button button-small button-toggle', 'data-testid': testid,
    'data-work-id': w.id, 'data-work-flag': flag, 'aria-pressed': String(on), disabled: busy,
    'aria-label': t(`work.${flag}.label`, { title: w.title }), title: t(`work.${flag}.${on ? 'undo' : 'help'}`),
  }, icon(iconName), t(`work.${flag}.toggle`));
  return h('li', {
    class: `work${hidden ? ' is-hidden' : ''}${busy ? ' is-busy' : ''}`, 'data-testid': 'work-item',
    'data-work-id': w.id, 'data-hidden': String(hidden), 'data-key': String(key), 'aria-busy': String(busy),
  },
  h('span', { class: `badge kind kind-${w.kind}` }, label('kind', w.kind)),
  h('div', { class: 'work-body' },
    h('p', { class: 'work-title', lang: w.language || null },
      w.doi
        ? h('a', { href: `https://doi.org/${w.doi}`, rel: 'noopener noreferrer', target: '_blank' }, w.title)
        : w.title),
    h('p', { class: 'work-meta' },
      [w.year, w.venue].filter(Boolean).join(' · ')),
    key || hidden
      ? h('p', { class: 'work-flags' },
        key ? h('span', { class: 'badge work-key', 'data-testid': 'work-key-badge' }, icon('star'), t('work.key')) : null,
        hidden
          ? h('span', { class: 'work-hidden-note', 'data-testid': 'work-hidden-note' }, icon('eyeOff'), t('work.hidden'))
          : null)
      : null,
    mine
      ? h('div', { class: 'work-actions' },
        toggle('key', key, 'star', 'work-key-toggle'),
        toggle('hidden', hidden, 'eyeOff', 'work-hide-toggle'),
        busy ? h('span', { class: 'muted small', role: 'status' }, t('work.saving')) : null)
      : null,
    error
      ? h('p', { class: 'inline-error', role: 'alert', 'data-testid': 'work-error' },
        t('work.error', { message: error.message }))
      : null));
}

// The open problems that fit expert `id`, as the panel's `problems` state.
function expertProblems(id) {
  return apiGet(`experts/${id}/problems`, { k: MATCH_K }).then(
    (answer) => ({ state: 'ready', items: answer.items || [], total: answer.total ?? 0 }),
    (err) => ({ state: 'error', error: err }));
}

// Re-drawing the panel takes the focus away from its buttons: gives it back to a work's.
function focusWorkButton(workId, flag) {
  if (dialog.contains(document.activeElement)) return;
  const button = detailBody.querySelector(`button[data-work-id="${workId}"][data-work-flag="${flag}"]`);
  if (button) button.focus();
}

// Re-draws the panel, the focus staying on the work button that had it.
function renderDetailKeepingFocus() {
  const { workId, workFlag } = document.activeElement?.dataset || {};
  renderDetail();
  if (workId && workFlag) focusWorkButton(workId, workFlag);
}

// Flips the expert's `flag` ('hidden' or 'key') on one of their works shown in the panel:
// PATCHes the expert's own entry among the work's authors (the server changes only that
// entry, so another curator's changes to the work meanwhile are kept) and shows the work
// the server returns; the problems that fit the expert are then asked for again, as
// matching now weighs the work differently. On failure the work stays as it was, with the
// server's message beside it.
async function toggleWorkFlag(workId, flag) {
  const { works, id: expertId, token } = detail;
  if (detail.view !== 'experts' || !works || works.state !== 'ready' || works.saving.has(workId)) return;
  const work = works.items.find((w) => w.id === workId);
  const mine = work && authorEntry(work, expertId);
  if (!mine) return;
  works.saving.add(workId);
  works.errors.delete(workId);
  renderDetail();
  let saved = false;
  try {
    const updated = await apiPatch(`works/${workId}/authors/${expertId}`, { [flag]: !mine[flag] });
    const index = works.items.findIndex((w) => w.id === workId);
    if (index >= 0) works.items[index] = updated;
    saved = true;
  } catch (err) {
    works.errors.set(workId, err);
  }
  works.saving.delete(workId);
  if (token !== detail.token) return; // The panel shows something else now.
  renderDetail();
  focusWorkButton(workId, flag);  // The button was disabled while saving.
  if (!saved) return;
  // The list already shown stays until the new one arrives; of two quick changes, the
  // answer to the later request is the one kept.
  const request = (works.problemsRequest || 0) + 1;
  works.problemsRequest = request;
  const problems = await expertProblems(expertId);
  if (token !== detail.token || works.problemsRequest !== request) return;
  detail.problems = problems;
  renderDetailKeepingFocus();
}

// ---- Matching: scores, reasons and evidence ------------------------------------------

const MATCH_K = 10;
const ENGAGEMENT_MODES = ['consulting', 'joint_research', 'training', 'advisory', 'investment'];

// The server marks matched words as HTML ("…<mark>vi mạch</mark>…"). Only the text
// and the <mark> elements are kept: the string is parsed inert and rebuilt as nodes.
function markedText(html) {
  const doc = new DOMParser().parseFromString(String(html || ''), 'text/html');
  const fragment = document.createDocumentFragment();
  const copy = (from, into) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) into.append(node.data);
      else if (node.nodeType === Node.ELEMENT_NODE) {
        if (node.tagName === 'MARK') into.append(copy(node, document.createElement('mark')));
        else copy(node, into);
      }
    }
    return into;
  };
  return copy(doc.body, fragment);
}

function clamp01(x) {
  const n = Number(x);
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}

// A horizontal bar with the percentage beside it, announced as "Match score, 87%".
function scoreBar(score, { testid = 'match-score' } = {}) {
  const value = clamp01(score);
  const percent = Math.round(value * 100);
  const text = formatPercent(value);
  return h('div', {
    class: 'score', role: 'meter', 'aria-label': t('match.score'),
    'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': percent, 'aria-valuetext': text,
    title: t('match.score.help'), 'data-testid': testid, 'data-score': String(score),
  },
  h('span', { class: 'score-track', 'aria-hidden': 'true' },
    h('span', { class: 'score-fill', style: `width:${percent}%` })),
  h('span', { class: 'score-value', 'aria-hidden': 'true' }, text));
}

function matchItem(m, rank, { headingTag = 'h4' } = {}) {
  const e = m.expert || {};
  const affs = currentAffiliations(e);
  const terms = (m.terms || []).slice(0, 5);
  const works = (m.works || []).slice(0, 3);
  return h('li', {
    class: 'match', 'data-testid': 'match-item', 'data-expert-id': e.id, 'data-country': e.country || '',
  },
    h('div', { class: 'match-head' },
      h('span', { class: 'match-rank', 'data-testid': 'match-rank' },
        h('span', { class: 'visually-hidden' }, `${t('match.rank')} `), rank),
      avatar(e.id, e.full_name, 'avatar-sm'),
      h('div', { class: 'match-who' },
        h(headingTag, { class: 'match-name' },
          h('button', {
            type: 'button', class: 'link-button', 'data-testid': 'match-expert-open',
            'data-open': `experts/${e.id}`,
          }, h('span', { 'data-testid': 'match-expert-name' }, e.full_name))),
        affs.length ? h('p', { class: 'match-aff' }, affiliationText(affs[0])) : null,
        h('p', { class: 'match-meta' },
          e.country || e.city
            ? h('span', { class: 'meta-item', 'data-testid': 'match-location' }, icon('pin'), locationText(e))
            : null,
          e.background ? h('span', { class: `tag tag-${e.background}` }, label('background', e.background)) : null)),
      scoreBar(m.score)),
    terms.length
      ? h('div', { class: 'match-why' },
        h('span', { class: 'match-label', id: `why-${e.id}-${rank}` }, `${t('match.why')}:`),
        h('ul', { class: 'chips', 'aria-labelledby': `why-${e.id}-${rank}`, 'data-testid': 'match-terms' },
          terms.map((term) => h('li', {
            class: 'chip chip-term', 'data-testid': 'match-term',
            title: t('match.term.title', { term: term.term, share: formatPercent(clamp01(term.share)) }),
          },
          h('span', { class: 'chip-text' }, term.term),
          h('span', { class: 'chip-share' }, formatPercent(clamp01(term.share)))))))
      : null,
    works.length
      ? h('div', { class: 'match-evidence' },
        h('span', { class: 'match-label', id: `ev-${e.id}-${rank}` }, `${t('match.evidence')}:`),
        h('ol', { class: 'evidence', 'aria-labelledby': `ev-${e.id}-${rank}` },
          works.map((w) => h('li', { class: 'evidence-item', 'data-testid': 'match-work', 'data-work-id': w.work_id },
            h('p', { class: 'evidence-title' },
              h('span', { 'data-testid': 'match-work-title' }, markedText(w.title)),
              w.year ? h('span', { class: 'evidence-year' }, ` · ${w.year}`) : null),
            w.snippet ? h('p', { class: 'evidence-snippet', 'data-testid': 'match-work-snippet' }, markedText(w.snippet)) : null))))
      : null);
}

function matchSkeleton() {
  return Array.from({ length: 3 }, () => h('li', { class: 'match match-skeleton', 'aria-hidden': 'true' },
    h('span', { class: 'sk sk-title' }), h('span', { class: 'sk sk-line' }), h('span', { class: 'sk sk-line sk-short' })));
}

// Draws a match answer into `root`: loading, error, empty or the ranked list.
// `root.dataset.state` ("loading", "error", "ready") and `.query` tell tests when
// the answer for given inputs is shown.
function renderMatchResults(root, state, { headingTag = 'h4', onReset = null, filtered = false } = {}) {
  root.dataset.query = state ? state.query || '' : '';
  if (!state) {
    root.dataset.state = 'idle';
    root.removeAttribute('aria-busy');
    root.replaceChildren();
    return;
  }
  root.setAttribute('aria-busy', String(state.status === 'loading'));
  if (state.status === 'loading' && !state.items) {
    root.dataset.state = 'loading';
    root.replaceChildren(
      h('p', { class: 'match-status muted', role: 'status' }, t('match.loading')),
      h('ol', { class: 'matches' }, matchSkeleton()));
    return;
  }
  if (state.status === 'error') {
    root.dataset.state = 'error';
    root.replaceChildren(h('div', { class: 'list-error', role: 'alert', 'data-testid': 'match-error' },
      h('p', { 'data-testid': 'error-message' },
        state.error.local ? null : h('strong', {}, `${t('error.title')}: `), state.error.message),
      state.retry ? h('button', { type: 'button', class: 'button', onclick: state.retry }, t('list.retry')) : null));
    return;
  }
  const items = state.items || [];
  root.dataset.state = state.status === 'loading' ? 'loading' : 'ready';
  if (items.length === 0) {
    root.replaceChildren(h('div', { class: 'empty match-empty', 'data-testid': 'match-empty' },
      h('p', {}, t(filtered ? 'match.empty.filters' : 'match.empty')),
      filtered && onReset ? h('button', { type: 'button', class: 'button', onclick: onReset }, t('filter.reset')) : null));
    return;
  }
  root.replaceChildren(
    h('p', { class: 'match-status', role: 'status', 'data-testid': 'match-count' },
      t(items.length === 1 ? 'match.count.one' : 'match.count', { count: formatNumber(items.length) }),
      h('span', { class: 'muted' }, ` · ${t('match.score.help')}`)),
    h('ol', {
      class: `matches${state.status === 'loading' ? ' is-stale' : ''}`, 'data-testid': 'match-list',
    }, items.map((m, i) => matchItem(m, i + 1, { headingTag }))));
}

// The compact filters of a match search (country, chapter, engagement mode and an
// availability window), drawn into `root` and rebuilt when the language changes.
class MatchFilters {
  constructor(root, prefix, onChange) {
    this.root = root;
    this.prefix = prefix;
    this.onChange = onChange;
    this.values = {};
    root.classList.add('match-filters');
    root.addEventListener('change', (ev) => {
      if (ev.target.matches('select, input')) this.read();
    });
    root.addEventListener('click', (ev) => {
      if (ev.target.closest('[data-action=reset-match-filters]')) this.reset();
    });
  }

  static KEYS = ['country', 'chapter', 'mode', 'from', 'to'];

  build() {
    const id = (key) => `${this.prefix}-${key}`;
    const select = (key, labelKey, options) => h('div', { class: 'field' },
      h('label', { for: id(key) }, t(labelKey)),
      h('select', { id: id(key), name: key, 'data-testid': `${this.prefix}-filter-${key}` },
        h('option', { value: '' }, t('filter.all')),
        options.map((o) => h('option', { value: o.value }, o.label))));
    const date = (key, labelKey) => h('div', { class: 'field field-date' },
      h('label', { for: id(key) }, t(labelKey)),
      h('input', { type: 'date', id: id(key), name: key, 'data-testid': `${this.prefix}-filter-${key}` }));
    const legend = this.root.querySelector(':scope > legend');
    this.root.replaceChildren(...[
      legend,
      select('country', 'filter.country', countryOptions()),
      select('chapter', 'filter.chapter', chapterOptions()),
      select('mode', 'match.mode', ENGAGEMENT_MODES.map((m) => ({ value: m, label: label('mode', m) }))),
      date('from', 'match.from'),
      date('to', 'match.to'),
      h('div', { class: 'field field-action' },
        h('button', {
          type: 'button', class: 'button button-quiet', 'data-action': 'reset-match-filters',
          'data-testid': `${this.prefix}-filter-reset`,
        }, t('filter.reset'))),
    ].filter(Boolean));
    this.sync();
  }

  controls() {
    return MatchFilters.KEYS.map((key) => [key, this.root.querySelector(`[name="${key}"]`)]);
  }

  sync() {
    for (const [key, control] of this.controls()) {
      if (!control) continue;
      const value = this.values[key] || '';
      if (control.tagName === 'SELECT' && value && ![...control.options].some((o) => o.value === value)) {
        control.append(h('option', { value }, value));
      }
      control.value = value;
    }
    const reset = this.root.querySelector('[data-action=reset-match-filters]');
    if (reset) reset.disabled = !this.active();
  }

  active() {
    return Object.keys(this.values).length > 0;
  }

  set(values) {
    this.values = {};
    for (const key of MatchFilters.KEYS) if (values[key]) this.values[key] = String(values[key]);
    this.sync();
  }

  read() {
    const next = {};
    for (const [key, control] of this.controls()) {
      const value = control ? control.value.trim() : '';
      if (value) next[key] = value;
    }
    const changed = MatchFilters.KEYS.some((k) => (next[k] || '') !== (this.values[k] || ''));
    if (!changed) return;
    this.values = next;
    this.sync();
    this.onChange();
  }

  reset() {
    if (!this.active()) return;
    this.values = {};
    this.sync();
    this.onChange();
    const first = this.root.querySelector('select');
    if (first) first.focus();
  }

  // A client-side check that saves a round trip: the window must not end before it starts.
  problem() {
    const { from, to } = this.values;
    return from && to && from > to ? t('match.dates.order') : '';
  }

  // As GET parameters of /problems/{id}/matches.
  query() {
    const v = this.values;
    return {
      country: v.country, chapter: v.chapter, mode: v.mode,
      available_from: v.from, available_to: v.to,
    };
  }

  // As "filters" of POST /match.
  body() {
    const v = this.values;
    const filters = {};
    if (v.country) filters.countries = [v.country];
    if (v.chapter) filters.chapters = [/^\d+$/.test(v.chapter) ? Number(v.chapter) : v.chapter];
    if (v.mode) filters.engagement_modes = [v.mode];
    if (v.from) filters.available_from = v.from;
    if (v.to) filters.available_to = v.to;
    return filters;
  }
}

// The "Matching experts" section of a problem's panel: its filters and results stay
// the same DOM nodes while the panel is open, so loading new results never takes the
// focus away from the filter being used.
const problemMatches = {
  problemId: null,
  state: null,
  controller: null,
  section: null,
  filters: null,
  results: null,

  init() {
    const fieldset = h('fieldset', {}, h('legend', { class: 'visually-hidden' }));
    this.results = h('div', { class: 'match-results', 'data-testid': 'problem-matches-results', 'aria-live': 'polite' });
    this.filters = new MatchFilters(fieldset, 'pm', () => this.load());
    this.coi = h('p', { class: 'note note-info', 'data-testid': 'match-coi-note' });
    this.heading = h('h3', { id: 'problem-matches-heading' });
    this.section = h('section', {
      class: 'detail-section matches-section', id: 'problem-matches', tabindex: '-1',
      'aria-labelledby': 'problem-matches-heading', 'data-testid': 'problem-matches',
    }, this.heading, this.coi, fieldset, this.results);
  },

  // Called with each render of a problem panel; starts loading for a new problem.
  attach(problem) {
    if (!this.section) this.init();
    if (this.problemId !== problem.id) {
      this.problemId = problem.id;
      this.filters.set({});
      this.state = null;
      this.load();
    }
    this.relabel(problem);
    return this.section;
  },

  relabel(problem) {
    this.heading.textContent = t('match.heading');
    this.section.querySelector('legend').textContent = t('match.filters');
    this.coi.replaceChildren(icon('shield'), h('span', {}, t('match.coi', { org: orgName(problem.organization_id) })));
    this.filters.build();
    this.render();
  },

  detach() {
    if (this.controller) this.controller.abort();
    this.controller = null;
    this.problemId = null;
    this.state = null;
  },

  async load() {
    if (this.controller) this.controller.abort();
    const id = this.problemId;
    const query = new URLSearchParams(Object.entries(this.filters.query()).filter(([, v]) => v)).toString();
    const problem = this.filters.problem();
    if (problem) {
      this.controller = null;
      this.state = { status: 'error', error: { message: problem, local: true }, query };
      this.render();
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.state = { ...(this.state || {}), status: 'loading', query };
    this.render();
    try {
      const answer = await apiGet(`problems/${id}/matches`, { k: MATCH_K, ...this.filters.query() },
        { signal: controller.signal });
      if (controller !== this.controller) return;
      this.state = { status: 'ready', items: answer.items || [], total: answer.total ?? 0, query };
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (controller !== this.controller) return;
      this.state = { status: 'error', error: err, query, retry: () => this.load() };
    }
    this.controller = null;
    this.render();
  },

  render() {
    renderMatchResults(this.results, this.state, {
      headingTag: 'h4', filtered: this.filters.active(), onReset: () => this.filters.reset(),
    });
  },
};

// Problems that fit an expert, for the expert's panel.
function expertProblemsBlock(problems) {
  if (!problems || problems.state === 'loading') {
    return h('p', { class: 'muted', 'aria-busy': 'true' }, t('list.loading'));
  }
  if (problems.state === 'error') {
    return h('p', { class: 'inline-error', role: 'alert', 'data-testid': 'error-message' }, problems.error.message);
  }
  if (problems.items.length === 0) {
    return h('p', { class: 'muted', 'data-testid': 'expert-problems-empty' }, t('expert.problems.none'));
  }
  return h('ol', { class: 'fit-list', 'data-testid': 'expert-problems' }, problems.items.map(({ problem: p, score }) => {
    const org = lookups.organizations.get(p.organization_id);
    return h('li', { class: 'fit', 'data-testid': 'expert-problem-item', 'data-problem-id': p.id },
      h('div', { class: 'fit-body' },
        h('p', { class: 'fit-title' },
          h('button', {
            type: 'button', class: 'link-button', 'data-testid': 'expert-problem-open',
            'data-open': `problems/${p.id}`,
          }, pick(p.title) ? textWithLang('span', {}, p.title) : t('problem.untitled'))),
        h('p', { class: 'fit-meta' },
          statusBadge(p.status),
          h('span', { class: 'meta-item' }, icon('building'),
            h('span', {}, orgName(p.organization_id),
              org && org.country ? h('span', { class: 'muted' }, ` · ${countryName(org.country)}`) : null)))),
      scoreBar(score, { testid: 'expert-problem-score' }));
  }));
}

// ---- List views -------------------------------------------------------------------

// One paginated, filterable list bound to its form, list, range text and pager.
class ListView {
  constructor({ name, pageSize, filterKeys, renderCard, emptyKey }) {
    this.name = name;
    this.pageSize = pageSize;
    this.filterKeys = filterKeys;
    this.renderCard = renderCard;
    this.emptyKey = emptyKey;
    this.filters = {};
    this.offset = 0;
    this.page = null; // last successful response
    this.pageQuery = ''; // its filters as URL parameters (without the page)
    this.error = null;
    this.loadedKey = null;
    this.pendingKey = null;
    this.controller = null;

    const prefix = name === 'experts' ? 'expert' : 'problem';
    this.form = $(`#${prefix}-filters`);
    this.list = $(`#${prefix}-list`);
    this.range = $(`#${prefix}-range`);
    this.pager = $(`#${prefix}-pager`);
    this.pagerRange = this.pager.querySelector('.pager-range');
    this.errorBox = this.list.previousElementSibling;

    this.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.searchLater.cancel();
      this.readControls();
    });
    this.form.addEventListener('reset', (ev) => {
      ev.preventDefault();
      this.searchLater.cancel();
      this.filters = {};
      this.offset = 0;
      this.syncControls();
      this.commit();
      // The reset button is now disabled; keep the keyboard focus in the form.
      const first = this.form.querySelector('input, select');
      if (first && first.offsetParent !== null) first.focus();
    });
    this.form.addEventListener('change', (ev) => {
      if (ev.target.matches('select')) this.readControls();
    });
    this.toggle = this.form.querySelector('.filters-toggle');
    this.toggle.addEventListener('click', () => {
      const open = this.toggle.getAttribute('aria-expanded') !== 'true';
      this.toggle.setAttribute('aria-expanded', String(open));
      this.form.classList.toggle('is-open', open);
    });
    this.searchLater = debounce(() => this.readControls(), 300);
    this.form.addEventListener('input', (ev) => {
      if (ev.target.matches('input[type=search]')) this.searchLater();
    });
    this.pager.addEventListener('click', (ev) => {
      const button = ev.target.closest('button[data-page]');
      if (!button || button.disabled) return;
      const step = button.dataset.page === 'next' ? this.pageSize : -this.pageSize;
      this.offset = Math.max(0, this.offset + step);
      this.focusRangeAfterLoad = true;
      this.commit();
    });
    this.list.addEventListener('click', (ev) => {
      const button = ev.target.closest('[data-open]');
      if (button) openFromCard(button);
    });
  }

  // Filters and page as URL parameters (also the API parameters, minus paging).
  params() {
    const p = new URLSearchParams();
    for (const key of this.filterKeys) {
      if (this.filters[key]) p.set(key, this.filters[key]);
    }
    const pageNo = Math.floor(this.offset / this.pageSize) + 1;
    if (pageNo > 1) p.set('page', String(pageNo));
    return p;
  }

  // "#experts?country=JP", or "#experts/12?country=JP" with the panel that is open
  // (see detailSegment).
  hash(segment = null) {
    const qs = this.params().toString();
    return `#${this.name}${segment ? `/${segment}` : ''}${qs ? `?${qs}` : ''}`;
  }

  setFromParams(params) {
    this.filters = {};
    for (const key of this.filterKeys) {
      const value = (params.get(key) || '').trim();
      if (value) this.filters[key] = value;
    }
    const pageNo = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);
    this.offset = (pageNo - 1) * this.pageSize;
    this.syncControls();
  }

  readControls() {
    const next = {};
    for (const key of this.filterKeys) {
      const control = this.form.elements[key];
      const value = control ? control.value.trim() : '';
      if (value) next[key] = value;
    }
    const changed = this.filterKeys.some((k) => (next[k] || '') !== (this.filters[k] || ''));
    if (!changed) return;
    this.filters = next;
    this.offset = 0;
    this.commit();
  }

  syncControls() {
    for (const key of this.filterKeys) {
      const control = this.form.elements[key];
      if (!control) continue;
      const value = this.filters[key] || '';
      if (control.tagName === 'SELECT' && value && ![...control.options].some((o) => o.value === value)) {
        // A value from a shared link that the option list does not know yet.
        control.append(h('option', { value }, value));
      }
      if (control.value !== value && document.activeElement !== control) control.value = value;
    }
    // The number of active filters behind the (small-screen) "Filters" button; the
    // search box is always visible, so it does not count.
    const hidden = this.filterKeys.filter((k) => k !== 'q' && this.filters[k]).length;
    this.toggle.querySelector('.filters-count').textContent = hidden ? `(${hidden})` : '';
    this.syncResetButton();
  }

  syncResetButton() {
    this.form.querySelector('[type=reset]').disabled = Object.keys(this.filters).length === 0;
  }

  // Records the state in the URL (without a new history entry) and loads.
  commit() {
    const route = parseHash();
    history.replaceState(null, '', this.hash(route.view === this.name ? route.detail?.segment : null));
    updateTabLinks();
    this.syncResetButton();
    this.load();
  }

  key() {
    return `${this.params().toString()}|${this.offset}`;
  }

  async load() {
    const key = this.key();
    this.pendingKey = key;
    if (this.controller) this.controller.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.list.setAttribute('aria-busy', 'true');
    this.list.dataset.state = 'loading';
    if (!this.page && !this.error) this.renderSkeleton();
    else this.list.classList.add('is-stale');

    const query = { ...this.filters, offset: this.offset, limit: this.pageSize };
    const filterQuery = this.params();
    filterQuery.delete('page');
    try {
      const page = await apiList(this.name, query, { signal: controller.signal });
      if (controller !== this.controller) return;
      this.page = page;
      this.pageQuery = filterQuery.toString();
      this.error = null;
      const total = page.total ?? 0;
      if ((page.items || []).length === 0 && this.offset > 0 && total > 0) {
        // A page past the end (e.g. a stale link): go to the last page.
        this.offset = Math.floor((total - 1) / this.pageSize) * this.pageSize;
        this.commit();
        return;
      }
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (controller !== this.controller) return;
      this.error = err;
      this.page = null;
    }
    this.loadedKey = key;
    this.controller = null;
    this.render();
  }

  renderSkeleton() {
    this.list.replaceChildren(...Array.from({ length: 6 }, () => h('li', { 'aria-hidden': 'true' },
      h('div', { class: 'card card-skeleton' },
        h('span', { class: 'sk sk-title' }), h('span', { class: 'sk sk-line' }),
        h('span', { class: 'sk sk-line sk-short' })))));
    this.range.textContent = t('list.loading');
    this.pager.hidden = true;
  }

  // Draws the last answer (or error). Also called on a language change, possibly
  // while a newer request is still running: the list then stays marked as loading.
  render() {
    const loading = this.controller !== null;
    this.list.classList.toggle('is-stale', loading);
    this.list.setAttribute('aria-busy', String(loading));
    if (this.error) {
      this.errorBox.hidden = false;
      this.errorBox.replaceChildren(
        h('p', { 'data-testid': 'error-message' }, h('strong', {}, `${t('error.title')}: `), this.error.message),
        h('button', { type: 'button', class: 'button', onclick: () => this.load() }, t('list.retry')));
      this.list.replaceChildren();
      this.list.dataset.state = loading ? 'loading' : 'error';
      this.range.textContent = '';
      this.pager.hidden = true;
      return;
    }
    this.errorBox.hidden = true;
    this.errorBox.replaceChildren();
    if (!this.page) return;

    const items = this.page.items || [];
    const total = this.page.total ?? items.length;
    const offset = this.page.offset ?? this.offset;
    if (items.length === 0) {
      this.list.replaceChildren(h('li', { class: 'empty', 'data-testid': 'empty-state' },
        h('p', {}, t(this.emptyKey)),
        Object.keys(this.filters).length
          ? h('button', { type: 'button', class: 'button', onclick: () => this.form.reset() }, t('filter.reset'))
          : null));
    } else {
      this.list.replaceChildren(...items.map((item) => this.renderCard(item)));
    }
    const text = items.length
      ? t('list.range', {
        from: formatNumber(offset + 1),
        to: formatNumber(offset + items.length),
        total: formatNumber(total),
      })
      : t('list.none');
    this.range.textContent = text;
    this.pagerRange.textContent = text;
    if (this.focusRangeAfterLoad && !loading) {
      // After "next page" the reader continues from the top of the new page.
      this.focusRangeAfterLoad = false;
      this.range.focus();
    }
    this.pager.hidden = total <= this.pageSize && offset === 0;
    this.pager.querySelector('[data-page=prev]').disabled = offset <= 0;
    this.pager.querySelector('[data-page=next]').disabled = offset + items.length >= total;
    // For tests and tools: what the list shows, once it is settled.
    this.list.dataset.total = String(total);
    this.list.dataset.offset = String(offset);
    this.list.dataset.query = this.pageQuery;
    this.list.dataset.state = loading ? 'loading' : 'ready';
  }

  findItem(id) {
    return (this.page && this.page.items || []).find((item) => item.id === id) || null;
  }
}

// ---- Filter option lists ----------------------------------------------------------

function fillSelect(select, options, { groups = null } = {}) {
  const value = select.value;
  const nodes = [h('option', { value: '' }, t('filter.all'))];
  if (groups) {
    for (const g of groups) {
      nodes.push(h('optgroup', { label: g.label }, g.options.map((o) => h('option', { value: o.value }, o.label))));
    }
  } else {
    nodes.push(...options.map((o) => h('option', { value: o.value }, o.label)));
  }
  select.replaceChildren(...nodes);
  if (value && ![...select.options].some((o) => o.value === value)) {
    select.append(h('option', { value }, value));
  }
  select.value = value;
}

function groupOptions() {
  const versions = orderedVersions();
  const byVersion = versions.map((v) => ({
    label: pick(v.name) || t('filter.version', { code: v.code }),
    options: [...lookups.groups.values()]
      .filter((g) => g.version_id === v.id)
      .sort((a, b) => (a.number ?? 0) - (b.number ?? 0))
      .map((g) => ({ value: String(g.id), label: `${g.number}. ${pick(g.name)}` })),
  })).filter((v) => v.options.length);
  const orphans = [...lookups.groups.values()].filter((g) => !lookups.versions.has(g.version_id));
  if (orphans.length) {
    byVersion.push({ label: '—', options: orphans.map((g) => ({ value: String(g.id), label: pick(g.name) })) });
  }
  return byVersion;
}

function fillFilterOptions() {
  fillSelect($('#problem-status'), PROBLEM_STATUSES.map((s) => ({ value: s, label: label('status', s) })));

  const groups = groupOptions();
  for (const select of [$('#problem-group'), $('#expert-group')]) {
    if (groups.length > 1) fillSelect(select, [], { groups });
    else fillSelect(select, groups.length ? groups[0].options : []);
  }

  fillSelect($('#expert-country'), countryOptions());
  fillSelect($('#expert-chapter'), chapterOptions());

  views.problems.syncControls();
  views.experts.syncControls();
  views.find.relabel();
  if (dialog.open && detail.view === 'problems' && detail.item) problemMatches.relabel(detail.item);
}

// Countries of the organisations and chapters, by name in the current language.
function countryOptions() {
  const countries = new Set(['VN']);
  for (const o of lookups.organizations.values()) if (o.country) countries.add(o.country.toUpperCase());
  for (const c of lookups.chapters.values()) for (const code of c.countries || []) countries.add(code.toUpperCase());
  return [...countries]
    .map((code) => ({ value: code, label: countryName(code) }))
    .sort((a, b) => compare(a.label, b.label));
}

function chapterOptions() {
  return [...lookups.chapters.values()]
    .map((c) => ({ value: String(c.id), label: pick(c.name) || c.code }))
    .sort((a, b) => compare(a.label, b.label));
}

// ---- Detail panel -----------------------------------------------------------------

const dialog = $('#detail');
const detailBody = $('#detail-body');
const detailBack = $('#detail-back');
const detail = {
  view: null, id: null, item: null, works: null, problems: null, error: null, token: 0, opener: null,
  stack: [], // the panels to go back to, when one was opened from another
};

const KIND_SEGMENT = { problems: 'problem', experts: 'expert' };

// The hash segment of a panel over the active view: "12" for an item of the view's
// own kind, "expert-12" or "problem-3" otherwise.
function detailSegment(kind, id) {
  return activeView === kind ? String(id) : `${KIND_SEGMENT[kind]}-${id}`;
}

function showDetail(kind, id, { item = null } = {}) {
  history.replaceState(null, '', views[activeView].hash(detailSegment(kind, id)));
  openDetail(kind, id, { item });
}

// A click on a [data-open="experts/12"] button: a card, a match, or a link inside
// the panel (which then offers "Back" to the panel it came from).
function openFromCard(button) {
  const [kind, id] = button.dataset.open.split('/');
  const inPanel = dialog.open && dialog.contains(button);
  if (inPanel) {
    if (detail.item) detail.stack.push({ view: detail.view, id: detail.id, item: detail.item });
  } else {
    detail.opener = button;
    detail.stack = [];
  }
  showDetail(kind, Number(id));
  if (inPanel) detailBack.focus();
}

async function openDetail(view, id, { item = null } = {}) {
  const token = ++detail.token;
  Object.assign(detail, {
    view, id, item: item || views[view].findItem(id), works: null, problems: null, error: null,
  });
  renderDetail();
  if (!dialog.open) dialog.showModal();
  dialog.querySelector('.drawer-inner').scrollTop = 0;

  if (!detail.item) {
    try {
      const fetched = await apiGet(`${view}/${id}`);
      if (token !== detail.token) return;
      detail.item = fetched;
    } catch (err) {
      if (token !== detail.token) return;
      detail.error = err;
    }
    renderDetail();
  }
  if (view === 'experts' && detail.item) {
    detail.works = { state: 'loading' };
    detail.problems = { state: 'loading' };
    renderDetail();
    // Both lists are drawn together, so the panel is re-drawn (and focus kept) once.
    const [works, problems] = await Promise.all([
      apiList('works', { expert: id, offset: 0, limit: 100 }).then(
        (page) => ({
          state: 'ready', items: page.items || [], total: page.total ?? 0, saving: new Set(), errors: new Map(),
        }),
        (err) => ({ state: 'error', error: err })),
      expertProblems(id),
    ]);
    if (token !== detail.token) return;
    Object.assign(detail, { works, problems });
    renderDetail();
  }
}

function itemTitle(view, item) {
  if (!item) return '';
  return view === 'experts' ? item.full_name : (pick(item.title) || t('problem.untitled'));
}

function renderDetail() {
  dialog.dataset.kind = detail.view || '';
  const previous = detail.stack[detail.stack.length - 1];
  detailBack.hidden = !previous;
  if (previous) {
    const title = itemTitle(previous.view, previous.item);
    detailBack.setAttribute('aria-label', t('detail.backTo', { title }));
    detailBack.title = title;
  }
  if (detail.error) {
    detailBody.replaceChildren(
      h('h2', { id: 'detail-title', class: 'detail-title' }, t('error.title')),
      h('p', { class: 'inline-error', role: 'alert', 'data-testid': 'error-message' }, detail.error.message));
    dialog.setAttribute('aria-busy', 'false');
    return;
  }
  if (!detail.item) {
    detailBody.replaceChildren(h('h2', { id: 'detail-title', class: 'detail-title muted' }, t('detail.loading')));
    dialog.setAttribute('aria-busy', 'true');
    return;
  }
  const loading = [detail.works, detail.problems].some((x) => x && x.state === 'loading');
  dialog.setAttribute('aria-busy', String(loading));
  const content = detail.view === 'experts'
    ? expertDetail(detail.item, detail.works, detail.problems)
    : problemDetail(detail.item);
  detailBody.replaceChildren(...content.filter(Boolean));
}

function closeDetail() {
  if (dialog.open) dialog.close();
}

dialog.addEventListener('close', () => {
  detail.token += 1;
  problemMatches.detach();
  const route = parseHash();
  if (route.detail) history.replaceState(null, '', views[route.view].hash());
  const opener = detail.opener;
  detail.opener = null;
  detail.view = null;
  detail.stack = [];
  if (opener && opener.isConnected) opener.focus();
});
$('#detail-close').addEventListener('click', closeDetail);
detailBack.addEventListener('click', () => {
  const previous = detail.stack.pop();
  if (!previous) return;
  showDetail(previous.view, previous.id, { item: previous.item });
  if (detail.stack.length) detailBack.focus();
  else $('#detail-close').focus();
});
detailBody.addEventListener('click', (ev) => {
  const button = ev.target.closest('[data-open]');
  if (button) {
    openFromCard(button);
    return;
  }
  const toggle = ev.target.closest('button[data-work-flag]');
  if (toggle && !toggle.disabled) toggleWorkFlag(Number(toggle.dataset.workId), toggle.dataset.workFlag);
});
// A click on the backdrop (outside the panel's content) closes it.
dialog.addEventListener('click', (ev) => {
  if (ev.target === dialog) closeDetail();
});

// ---- Find experts for a pasted problem statement -------------------------------------

// The text and the filters live in the hash ("#find?text=…&country=JP") so that a
// search can be shared; the search runs when the form is submitted (button or
// Ctrl+Enter) and again when a filter changes.
class FindView {
  constructor() {
    this.name = 'find';
    this.form = $('#find-form');
    this.textarea = $('#find-text');
    this.textError = $('#find-text-error');
    this.results = $('#find-results');
    this.filters = new MatchFilters($('#find-filters'), 'find', () => this.submit({ fromFilter: true }));
    this.text = '';
    this.state = null;
    this.controller = null;
    this.loadedKey = null;
    this.pendingKey = null;

    this.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.submit();
    });
    this.textarea.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        this.submit();
      }
    });
    this.textarea.addEventListener('input', () => {
      if (!this.textError.hidden && this.textarea.value.trim()) this.showTextError('');
    });
    $('#find-clear').addEventListener('click', () => {
      this.textarea.value = '';
      this.showTextError('');
      this.textarea.focus();
    });
    this.results.addEventListener('click', (ev) => {
      const button = ev.target.closest('[data-open]');
      if (button) openFromCard(button);
    });
  }

  params() {
    const p = new URLSearchParams();
    if (this.text) p.set('text', this.text);
    for (const key of MatchFilters.KEYS) if (this.filters.values[key]) p.set(key, this.filters.values[key]);
    return p;
  }

  hash(segment = null) {
    const qs = this.params().toString();
    return `#find${segment ? `/${segment}` : ''}${qs ? `?${qs}` : ''}`;
  }

  setFromParams(params) {
    const text = (params.get('text') || '').trim();
    // The box shows the searched text; a draft typed since is kept until the
    // hash names another text (a shared link, the browser's Back).
    if (text !== this.text) this.textarea.value = text;
    this.text = text;
    const values = {};
    for (const key of MatchFilters.KEYS) values[key] = (params.get(key) || '').trim();
    this.filters.set(values);
  }

  key() {
    return this.params().toString();
  }

  showTextError(message) {
    this.textError.textContent = message;
    this.textError.hidden = !message;
    if (message) this.textarea.setAttribute('aria-invalid', 'true');
    else this.textarea.removeAttribute('aria-invalid');
  }

  submit({ fromFilter = false } = {}) {
    const text = this.textarea.value.trim();
    if (!text) {
      if (fromFilter) {
        // Filters chosen before the text: remember them, search later.
        history.replaceState(null, '', this.hash(parseHash().detail?.segment));
        updateTabLinks();
        return;
      }
      this.showTextError(t('find.text.required'));
      this.textarea.focus();
      return;
    }
    this.showTextError('');
    this.text = text;
    history.replaceState(null, '', this.hash(parseHash().detail?.segment));
    updateTabLinks();
    this.load();
  }

  async load() {
    const key = this.key();
    this.pendingKey = key;
    if (this.controller) this.controller.abort();
    this.controller = null;
    if (!this.text) {
      this.state = null;
      this.loadedKey = key;
      this.render();
      return;
    }
    const problem = this.filters.problem();
    if (problem) {
      this.state = { status: 'error', error: { message: problem, local: true }, query: key };
      this.loadedKey = key;
      this.render();
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.state = { ...(this.state || {}), status: 'loading', query: key };
    this.render();
    const body = { text: this.text, k: MATCH_K };
    const filters = this.filters.body();
    if (Object.keys(filters).length) body.filters = filters;
    try {
      const answer = await apiPost('match', body, { signal: controller.signal });
      if (controller !== this.controller) return;
      this.state = { status: 'ready', items: answer.items || [], total: answer.total ?? 0, query: key };
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (controller !== this.controller) return;
      this.state = { status: 'error', error: err, query: key, retry: () => this.load() };
      if (err.field === 'text') this.showTextError(err.message);
    }
    this.controller = null;
    this.loadedKey = key;
    this.render();
  }

  render() {
    renderMatchResults(this.results, this.state, {
      headingTag: 'h2', filtered: this.filters.active(), onReset: () => this.filters.reset(),
    });
  }

  relabel() {
    this.filters.build();
    if (this.textError.textContent && !this.textError.hidden && !this.state?.error) {
      this.showTextError(t('find.text.required'));
    }
    this.render();
  }

  findItem() {
    return null;
  }
}

// ---- Import files, and the identity review queue --------------------------------------

// The import form sends the chosen file's bytes as they are (not a multipart form) to
// POST /import/{format}, a dry run unless the user unticks it, and draws the report:
// counts, the rejected records as a table and the warnings folded away. Below it, the
// open identity reviews (an imported person who may be an expert the directory already
// had) show both people side by side with "Merge" and "Keep apart".

const IMPORT_MAX_BYTES = 64 * 1024 * 1024; // the server's upload limit (413 above it)
const REVIEW_PAGE_SIZE = 50;

// The format select's values: "csv-experts" → format csv, kind experts.
function importTarget(choice) {
  const [format, kind] = String(choice).split('-');
  return { format, kind: kind || null };
}

// The format a file's name suggests, or null.
function formatFromName(name) {
  const ext = (/\.([a-z0-9]+)$/i.exec(name || '') || [])[1];
  const known = { bib: 'bibtex', bibtex: 'bibtex', jsonl: 'openalex', ndjson: 'openalex', json: 'orcid', csv: 'csv' };
  return known[String(ext || '').toLowerCase()] || null;
}

// The server explains what an identity review's two people have in common in English
// ("affiliation 'University of Tokyo'"); the known phrasings are shown in the UI's
// language, anything else as it came. The name agreement has its own line, so its
// reason ("names agree (exact)") is left out.
function reasonText(reason) {
  const r = String(reason || '');
  let m;
  if (/^names agree \(\w+\)$/.test(r)) return null;
  if (r === 'same e-mail address') return t('reason.email');
  if (r === 'different ORCID iDs') return t('reason.differentOrcid');
  if ((m = /^same ORCID iD (.+)$/.exec(r))) return t('reason.sameOrcid', { orcid: m[1] });
  if ((m = /^(\d+) work\(s\) in common \((.*)\)$/.exec(r))) {
    return t('reason.works', { count: formatNumber(Number(m[1])), first: m[2] });
  }
  if ((m = /^co-author (.+)$/.exec(r))) return t('reason.coauthor', { name: m[1] });
  if ((m = /^affiliation '(.*)'$/.exec(r))) return t('reason.affiliation', { org: m[1] });
  return r;
}

class ImportView {
  constructor() {
    this.name = 'import';
    this.form = $('#import-form');
    this.fileInput = $('#import-file');
    this.formatSelect = $('#import-format');
    this.expertField = $('#import-expert-field');
    this.expertInput = $('#import-expert');
    this.dryRun = $('#import-dry-run');
    this.errorBox = $('#import-error');
    this.submitButton = this.form.querySelector('[type=submit]');
    this.reportBox = $('#import-report');
    this.reviewList = $('#review-list');
    this.reviewCount = $('#review-count');
    this.reviewStatus = $('#review-status');
    this.reviewError = this.reviewList.previousElementSibling;
    this.reviewHeading = $('#review-heading');

    this.running = null; // AbortController of the upload in flight
    this.formError = null; // {key, params} or {error}
    this.report = null; // {data, file}
    this.reviews = null; // last page of open reviews
    this.reviewsError = null;
    this.experts = new Map(); // id → expert (or {missing: true}) for the review cards
    this.deciding = new Set(); // review ids with a decision in flight
    this.itemErrors = new Map(); // review id → ApiError of a failed decision
    this.notice = null; // {key, params, tone} shown after a decision
    this.loadedKey = null;
    this.pendingKey = null;
    this.reviewToken = 0;
    this.formatChosen = false; // the user picked a format: a file name no longer guesses it

    this.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.submit();
    });
    this.formatSelect.addEventListener('change', () => {
      this.formatChosen = true;
      this.syncExpertField();
    });
    this.fileInput.addEventListener('change', () => {
      if (this.formError && this.formError.control === this.fileInput) this.showFormError(null);
      const file = this.fileInput.files[0];
      const guess = file && !this.formatChosen ? formatFromName(file.name) : null;
      if (guess === 'csv') {
        if (!this.formatSelect.value.startsWith('csv-')) this.formatSelect.value = 'csv-experts';
      } else if (guess) {
        this.formatSelect.value = guess;
      }
      this.syncExpertField();
    });
    $('#review-refresh').addEventListener('click', () => {
      this.notice = null;
      this.loadReviews();
    });
    this.reviewList.addEventListener('click', (ev) => {
      const open = ev.target.closest('[data-open]');
      if (open) {
        openFromCard(open);
        return;
      }
      const button = ev.target.closest('button[data-decision]');
      if (button && !button.disabled) this.decide(Number(button.dataset.reviewId), button.dataset.decision);
    });
    this.syncExpertField();
  }

  // ---- Routing (the view has no parameters; "#import/expert-12" opens a panel) ----

  hash(segment = null) {
    return `#import${segment ? `/${segment}` : ''}`;
  }

  setFromParams() {}

  key() {
    return 'reviews';
  }

  load() {
    return this.loadReviews();
  }

  findItem() {
    return null;
  }

  render() {
    this.renderForm();
    this.renderReport();
    this.renderReviews();
  }

  // ---- The form ----

  syncExpertField() {
    const value = this.formatSelect.value;
    this.expertField.hidden = !(value === 'bibtex' || value === 'csv-works');
  }

  showFormError(error) {
    this.formError = error;
    this.renderForm();
  }

  formErrorText() {
    const e = this.formError;
    if (!e) return '';
    if (e.key) return t(e.key, e.params || {});
    const err = e.error;
    if (err.code === 'network') return t('error.network');
    if (err.status === 413) return t('import.error.tooLarge');
    if (err.status === 400) return t('import.error.rejected', { message: err.message });
    return t('import.error.other', { message: err.message });
  }

  renderForm() {
    const text = this.formErrorText();
    this.errorBox.textContent = text;
    this.errorBox.hidden = !text;
    const target = this.formError && this.formError.control;
    for (const control of [this.fileInput, this.expertInput]) {
      if (control === target) {
        control.setAttribute('aria-invalid', 'true');
        control.setAttribute('aria-errormessage', 'import-error');
      } else {
        control.removeAttribute('aria-invalid');
        control.removeAttribute('aria-errormessage');
      }
    }
    const busy = this.running !== null;
    this.submitButton.disabled = busy;
    this.form.setAttribute('aria-busy', String(busy));
    this.submitButton.querySelector('.import-submit-text').textContent = t(busy ? 'import.running' : 'import.submit');
  }

  async submit() {
    if (this.running) return;
    const file = this.fileInput.files[0];
    if (!file) {
      this.showFormError({ key: 'import.error.noFile', control: this.fileInput });
      this.fileInput.focus();
      return;
    }
    if (file.size === 0) {
      this.showFormError({ key: 'import.error.emptyFile', params: { file: file.name }, control: this.fileInput });
      this.fileInput.focus();
      return;
    }
    if (file.size > IMPORT_MAX_BYTES) {
      this.showFormError({ key: 'import.error.tooLarge', control: this.fileInput });
      this.fileInput.focus();
      return;
    }
    const { format, kind } = importTarget(this.formatSelect.value);
    let expertId = '';
    if (!this.expertField.hidden && this.expertInput.value.trim()) {
      expertId = this.expertInput.value.trim();
      if (!/^[1-9]\d*$/.test(expertId)) {
        this.showFormError({ key: 'import.error.expert', control: this.expertInput });
        this.expertInput.focus();
        return;
      }
    }

    const controller = new AbortController();
    this.running = controller;
    this.showFormError(null);
    this.reportBox.classList.add('is-stale');
    this.reportBox.dataset.state = 'loading';
    const params = {
      dry_run: String(this.dryRun.checked), kind, file: file.name, expert_id: expertId,
    };
    try {
      const data = await apiUpload(`import/${format}`, params, file, { signal: controller.signal });
      this.report = { data, file: file.name };
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      this.report = null;
      this.formError = { error: err };
    } finally {
      this.running = null;
    }
    this.renderForm();
    this.renderReport();
    if (this.report) {
      this.reportBox.focus();
      if (!this.report.data.dry_run) {
        // New experts: the directory shows them on its next visit, and the import
        // may have queued reviews.
        views.experts.loadedKey = null;
        this.notice = null;
        this.loadReviews();
      }
    } else {
      this.fileInput.focus();
    }
  }

  // ---- The report ----

  renderReport() {
    const box = this.reportBox;
    box.classList.toggle('is-stale', this.running !== null);
    if (!this.report) {
      box.hidden = true;
      box.replaceChildren();
      box.dataset.state = 'idle';
      return;
    }
    const { data, file } = this.report;
    const works = data.works || {};
    const rejected = data.rejected || [];
    const warnings = data.warnings || [];
    const stat = (testid, term, value, { strong = false } = {}) => h('div', {
      class: `stat${value ? '' : ' stat-zero'}${strong ? ' stat-strong' : ''}`,
      'data-testid': `import-count-${testid}`, 'data-value': String(value ?? 0),
    }, h('dt', {}, term), h('dd', {}, formatNumber(value ?? 0)));
    const where = (note) => (note.line > 0 ? `${note.file}:${note.line}` : note.file);
    const serverLang = lang() === 'en' ? null : 'en';

    box.hidden = false;
    box.dataset.state = 'ready';
    box.dataset.dryRun = String(Boolean(data.dry_run));
    box.setAttribute('aria-labelledby', 'import-report-heading');
    box.setAttribute('role', 'region');
    fill(box,
      h('h2', { id: 'import-report-heading', class: 'section-title', 'data-testid': 'import-report-title' },
        t(data.dry_run ? 'import.report.dry' : 'import.report.done', { file })),
      data.dry_run ? h('p', { class: 'note note-info', 'data-testid': 'import-dry-note' }, t('import.report.dryNote')) : null,
      h('div', { class: 'report-summary', 'data-testid': 'import-summary' },
        h('dl', { class: 'stats stats-file', 'aria-label': t('import.report.file') },
          stat('read', t('import.count.read'), data.records_read, { strong: true }),
          stat('rejected', t('import.count.rejected'), rejected.length, { strong: true })),
        h('div', { class: 'stat-group' },
          h('h3', { id: 'import-experts-heading' }, t('import.experts')),
          h('dl', { class: 'stats', 'aria-labelledby': 'import-experts-heading' },
            stat('experts-created', t('import.count.created'), data.created),
            stat('experts-updated', t('import.count.updated'), data.updated),
            stat('experts-unchanged', t('import.count.unchanged'), data.unchanged),
            stat('experts-merged', t('import.count.merged'), data.merged),
            stat('queued', t('import.count.queued'), data.queued_for_review))),
        h('div', { class: 'stat-group' },
          h('h3', { id: 'import-works-heading' }, t('import.works')),
          h('dl', { class: 'stats', 'aria-labelledby': 'import-works-heading' },
            stat('works-created', t('import.count.created'), works.created),
            stat('works-updated', t('import.count.updated'), works.updated),
            stat('works-unchanged', t('import.count.unchanged'), works.unchanged)))),
      h('section', { class: 'report-section', 'data-testid': 'import-rejected', 'aria-labelledby': 'import-rejected-heading' },
        h('h3', { id: 'import-rejected-heading' }, t('import.rejected', { count: formatNumber(rejected.length) })),
        rejected.length
          ? h('div', { class: 'table-wrap' },
            // The roles are spelt out: on small screens CSS lays the rows out as
            // blocks, which would otherwise cost the table its semantics.
            h('table', {
              class: 'report-table', role: 'table', 'aria-labelledby': 'import-rejected-heading',
              'data-testid': 'import-rejected-table',
            },
            h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' },
              h('th', { scope: 'col', role: 'columnheader' }, t('import.col.where')),
              h('th', { scope: 'col', role: 'columnheader', class: 'num' }, t('import.col.offset')),
              h('th', { scope: 'col', role: 'columnheader' }, t('import.col.reason')))),
            h('tbody', { role: 'rowgroup' }, rejected.map((note) => h('tr', { role: 'row', 'data-testid': 'import-rejected-row' },
              h('td', { role: 'cell', class: 'where', 'data-testid': 'import-rejected-where' }, where(note)),
              h('td', { role: 'cell', class: 'num', 'data-label': t('import.col.offset') }, formatNumber(note.offset ?? 0)),
              h('td', {
                role: 'cell', class: 'reason', lang: serverLang, 'data-testid': 'import-rejected-reason',
              }, note.reason))))))
          : h('p', { class: 'muted' }, t('import.rejected.none'))),
      warnings.length
        ? h('details', { class: 'report-warnings', 'data-testid': 'import-warnings' },
          h('summary', {}, t('import.warnings', { count: formatNumber(warnings.length) })),
          h('ul', {}, warnings.map((note) => h('li', { 'data-testid': 'import-warning' },
            h('span', { class: 'where' }, where(note)), ' ',
            h('span', { lang: serverLang }, note.reason)))))
        : null);
  }

  // ---- The identity review queue ----

  async loadReviews() {
    const token = ++this.reviewToken;
    this.pendingKey = this.key();
    this.reviewList.dataset.state = 'loading';
    this.reviewList.setAttribute('aria-busy', 'true');
    if (!this.reviews && !this.reviewsError) this.reviewList.replaceChildren(h('li', { class: 'muted' }, t('list.loading')));
    else this.reviewList.classList.add('is-stale');
    try {
      const page = await apiGet('identity-reviews', { status: 'open', offset: 0, limit: REVIEW_PAGE_SIZE });
      if (token !== this.reviewToken) return;
      const items = page.items || [];
      await this.fetchPeople(items);
      if (token !== this.reviewToken) return;
      this.reviews = { items, total: page.total ?? items.length };
      this.reviewsError = null;
      for (const id of [...this.itemErrors.keys()]) {
        if (!items.some((r) => r.id === id)) this.itemErrors.delete(id);
      }
    } catch (err) {
      if (token !== this.reviewToken) return;
      this.reviewsError = err;
    }
    this.loadedKey = this.key();
    this.pendingKey = null;
    this.renderReviews();
  }

  // Both people of each review, and any organisation the import added since the page
  // loaded its lookups.
  async fetchPeople(reviews) {
    const ids = new Set();
    for (const r of reviews) {
      for (const id of [r.expert_id, r.candidate_id]) if (id != null && !this.experts.has(id)) ids.add(id);
    }
    await Promise.all([...ids].map((id) => apiGet(`experts/${id}`).then(
      (expert) => this.experts.set(id, expert),
      (err) => {
        if (err.status === 404) this.experts.set(id, { missing: true });
        // Other failures: the card says "unknown" and the next refresh asks again.
      })));
    const orgs = new Set();
    for (const id of ids) {
      for (const a of (this.experts.get(id) || {}).affiliations || []) {
        if (a.organization_id != null && !lookups.organizations.has(a.organization_id)) orgs.add(a.organization_id);
      }
    }
    await Promise.all([...orgs].map((id) => apiGet(`organizations/${id}`).then(
      (org) => lookups.organizations.set(org.id, org), () => {})));
  }

  personName(id) {
    const e = id == null ? null : this.experts.get(id);
    return e && e.full_name ? e.full_name : (id == null ? t('review.unknown') : `#${id}`);
  }

  personBlock(roleKey, id, testid) {
    const e = id == null ? null : this.experts.get(id);
    const dash = () => h('span', { class: 'muted' }, '—');
    const wide = (el) => {
      el.classList.add('fact-wide');
      return el;
    };
    let body;
    if (e && e.full_name) {
      const affs = [...(e.affiliations || [])].sort((a, b) => Number(Boolean(b.current)) - Number(Boolean(a.current)));
      body = [
        h('p', { class: 'review-name' },
          avatar(e.id, e.full_name, 'avatar-sm'),
          h('button', {
            type: 'button', class: 'link-button', 'data-open': `experts/${e.id}`,
            'data-testid': 'review-expert-open',
          }, h('span', { 'data-testid': 'review-name' }, e.full_name))),
        h('dl', { class: 'review-facts' },
          wide(fact(t('review.affiliation'), affs.length
            ? h('ul', { class: 'plain-list' }, affs.slice(0, 3).map((a) => h('li', {}, affiliationText(a))))
            : dash())),
          fact(t('review.country'), e.country ? countryName(e.country) : dash()),
          fact(t('expert.orcid'), e.orcid ? h('span', { class: 'nowrap' }, e.orcid) : dash()),
          wide(fact(t('review.email'), e.email ? h('span', { class: 'break' }, e.email) : dash()))),
      ];
    } else {
      body = h('p', { class: 'muted' },
        e && e.missing ? t('review.missing', { id }) : `${t('review.unknown')}${id != null ? ` (#${id})` : ''}`);
    }
    return h('div', {
      class: 'review-side', 'data-testid': testid, 'data-expert-id': id ?? '',
    }, h('h4', { class: 'review-role' }, t(roleKey)), body);
  }

  reviewItem(r) {
    const expert = this.personName(r.expert_id);
    const candidate = this.personName(r.candidate_id);
    const reasons = (r.reasons || []).map(reasonText).filter(Boolean);
    const busy = this.deciding.has(r.id);
    const error = this.itemErrors.get(r.id);
    const headingId = `review-${r.id}-title`;
    return h('li', {
      class: `review${busy ? ' is-busy' : ''}`, 'data-testid': 'review-item', 'data-review-id': r.id,
      'data-expert-id': r.expert_id ?? '', 'data-candidate-id': r.candidate_id ?? '',
    },
    h('article', { 'aria-labelledby': headingId, 'aria-busy': String(busy) },
      h('h3', { id: headingId, class: 'visually-hidden' }, t('review.pair', { expert, candidate })),
      h('div', { class: 'review-pair' },
        this.personBlock('review.existing', r.expert_id, 'review-existing'),
        h('span', { class: 'review-vs', 'aria-hidden': 'true' }, '⇄'),
        this.personBlock('review.candidate', r.candidate_id, 'review-candidate')),
      h('dl', { class: 'review-why' },
        h('div', {},
          h('dt', {}, t('review.nameMatch')),
          h('dd', {}, h('span', {
            class: `badge name-match name-match-${r.name_match}`, 'data-testid': 'review-name-match',
          }, label('nameMatch', r.name_match)))),
        h('div', {},
          h('dt', {}, t('review.reasons')),
          h('dd', {}, reasons.length
            ? h('ul', { class: 'chips', 'data-testid': 'review-reasons' },
              reasons.map((text) => h('li', { class: 'chip chip-reason' }, text)))
            : h('span', { class: 'muted' }, t('review.reasons.none'))))),
      h('div', { class: 'review-actions' },
        r.created_at ? h('p', { class: 'muted small' }, t('review.created', { date: formatDate(r.created_at) })) : null,
        error ? h('p', { class: 'inline-error', role: 'alert', 'data-testid': 'review-item-error' }, error.message) : null,
        busy ? h('span', { class: 'muted small', role: 'status' }, t('review.saving')) : null,
        h('div', { class: 'review-buttons' },
          h('button', {
            type: 'button', class: 'button', 'data-decision': 'keep-apart', 'data-review-id': r.id,
            'data-testid': 'review-keep-apart', disabled: busy,
            'aria-label': t('review.keepApart.label', { expert, candidate }),
          }, t('review.keepApart')),
          h('button', {
            type: 'button', class: 'button button-primary', 'data-decision': 'merge', 'data-review-id': r.id,
            'data-testid': 'review-merge', disabled: busy,
            'aria-label': t('review.merge.label', { expert, candidate }),
          }, t('review.merge'))))));
  }

  renderReviews() {
    const list = this.reviewList;
    const notice = this.notice;
    fill(this.reviewStatus, notice
      ? h('p', { class: `notice notice-${notice.tone}`, 'data-testid': `review-notice-${notice.tone}` },
        t(notice.key, notice.params || {}))
      : '');
    const loading = this.pendingKey !== null;
    list.classList.toggle('is-stale', loading);
    list.setAttribute('aria-busy', String(loading));
    if (this.reviewsError) {
      this.reviewError.hidden = false;
      this.reviewError.replaceChildren(
        h('p', { 'data-testid': 'error-message' }, h('strong', {}, `${t('error.title')}: `), this.reviewsError.message),
        h('button', { type: 'button', class: 'button', onclick: () => this.loadReviews() }, t('list.retry')));
      list.replaceChildren();
      this.reviewCount.textContent = '';
      list.dataset.state = loading ? 'loading' : 'error';
      return;
    }
    this.reviewError.hidden = true;
    this.reviewError.replaceChildren();
    if (!this.reviews) return;
    const { items, total } = this.reviews;
    if (items.length === 0) {
      list.replaceChildren(h('li', { class: 'empty', 'data-testid': 'review-empty' }, h('p', {}, t('review.empty'))));
      this.reviewCount.textContent = '';
    } else {
      list.replaceChildren(...items.map((r) => this.reviewItem(r)));
      fill(this.reviewCount,
        t(total === 1 ? 'review.count.one' : 'review.count', { count: formatNumber(total) }),
        total > items.length
          ? h('span', { class: 'muted' }, ` · ${t('review.more', { shown: formatNumber(items.length), total: formatNumber(total) })}`)
          : null);
    }
    list.dataset.total = String(total);
    list.dataset.state = loading ? 'loading' : 'ready';
  }

  async decide(id, decision) {
    const review = this.reviews && this.reviews.items.find((r) => r.id === id);
    if (!review || this.deciding.has(id)) return;
    const params = { expert: this.personName(review.expert_id), candidate: this.personName(review.candidate_id) };
    this.deciding.add(id);
    this.itemErrors.delete(id);
    this.renderReviews();
    try {
      await apiAction(`identity-reviews/${id}/${decision}`);
      this.deciding.delete(id);
      const index = this.reviews.items.findIndex((r) => r.id === id);
      if (index >= 0) this.reviews.items.splice(index, 1);
      this.reviews.total = Math.max(0, this.reviews.total - 1);
      this.notice = { key: decision === 'merge' ? 'review.merged' : 'review.keptApart', params, tone: 'ok' };
      if (decision === 'merge') {
        // The candidate is gone, and the expert has gained works or affiliations.
        views.experts.loadedKey = null;
        this.experts.delete(review.candidate_id);
        this.experts.delete(review.expert_id);
      }
      this.renderReviews();
      // Keep the keyboard where it was: on the next pair, or on the queue's heading.
      const next = this.reviewList.querySelectorAll('[data-testid=review-item]')[Math.min(index, this.reviews.items.length - 1)];
      const target = next ? next.querySelector('[data-decision=keep-apart]') : this.reviewHeading;
      if (target) target.focus();
      if (this.reviews.items.length === 0 && this.reviews.total > 0) this.loadReviews();
    } catch (err) {
      this.deciding.delete(id);
      if (err.status === 409 || err.status === 404) {
        this.notice = { key: 'review.conflict', params, tone: 'warn' };
        this.reviewHeading.focus();
        await this.loadReviews();
      } else {
        this.itemErrors.set(id, err);
        this.renderReviews();
        const item = this.reviewList.querySelector(`[data-review-id="${id}"] [data-decision="${decision}"]`);
        if (item) item.focus();
      }
    }
  }
}

// ---- Routing ----------------------------------------------------------------------

const views = {
  problems: new ListView({
    name: 'problems', pageSize: 12, filterKeys: ['status', 'group'],
    renderCard: problemCard, emptyKey: 'problems.empty',
  }),
  experts: new ListView({
    name: 'experts', pageSize: 24, filterKeys: ['q', 'country', 'chapter', 'group'],
    renderCard: expertCard, emptyKey: 'experts.empty',
  }),
  find: new FindView(),
  import: new ImportView(),
};

function parseHash() {
  const raw = location.hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  const query = q >= 0 ? raw.slice(q + 1) : '';
  const [name, segment] = path.split('/');
  const view = VIEWS.includes(name) ? name : 'problems';
  // The open panel: "problems/3" (own kind) or "find/expert-12" (named kind).
  let detail = null;
  const named = /^(expert|problem)-(\d+)$/.exec(segment || '');
  if (named) detail = { kind: `${named[1]}s`, id: Number(named[2]), segment };
  else if (/^\d+$/.test(segment || '') && LIST_VIEWS.includes(view)) detail = { kind: view, id: Number(segment), segment };
  return {
    view,
    detail,
    params: new URLSearchParams(query),
    known: VIEWS.includes(name),
  };
}

// "Bài toán công nghệ · KetNoi": the browser tab names the view being shown.
function updateTitle() {
  if (activeView) document.title = `${t(`${activeView}.heading`)} · KetNoi`;
}

function updateTabLinks() {
  for (const tab of document.querySelectorAll('.tab[data-view]')) {
    tab.href = views[tab.dataset.view].hash();
  }
}

let ready = null; // resolves once the reference data is loaded (or failed)
let activeView = null;

async function route() {
  const r = parseHash();
  if (!r.known) history.replaceState(null, '', views[r.view].hash());
  const view = views[r.view];

  if (activeView !== r.view) {
    activeView = r.view;
    updateTitle();
    for (const section of document.querySelectorAll('.view')) section.hidden = section.dataset.view !== r.view;
    for (const tab of document.querySelectorAll('.tab[data-view]')) {
      if (tab.dataset.view === r.view) tab.setAttribute('aria-current', 'page');
      else tab.removeAttribute('aria-current');
    }
  }

  view.setFromParams(r.params);
  updateTabLinks();
  await ready;
  if (view.key() !== view.loadedKey && view.key() !== view.pendingKey) view.load();

  if (r.detail) {
    const { kind, id } = r.detail;
    if (!dialog.open || detail.view !== kind || detail.id !== id) {
      detail.stack = [];
      openDetail(kind, id);
    }
  } else {
    closeDetail();
  }
}

// ---- Language ---------------------------------------------------------------------

function syncLangButtons() {
  for (const button of document.querySelectorAll('.lang-button')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === lang()));
  }
}

for (const button of document.querySelectorAll('.lang-button')) {
  button.addEventListener('click', () => setLang(button.dataset.lang));
}

onLangChange(() => {
  syncLangButtons();
  updateTitle();
  fillFilterOptions();
  for (const view of Object.values(views)) {
    if (view.page || view.error) view.render();
  }
  views.import.render();
  if (dialog.open) renderDetail();
});

// ---- Start ------------------------------------------------------------------------

function showGlobalError(message, retry) {
  const box = $('[data-testid=global-error]');
  box.hidden = false;
  box.replaceChildren(
    h('p', {}, message),
    retry ? h('button', { type: 'button', class: 'button', onclick: retry }, t('list.retry')) : null);
}

async function start() {
  applyStaticText();
  syncLangButtons();
  fillFilterOptions();
  window.addEventListener('hashchange', route);

  ready = loadLookups().then(() => {
    $('[data-testid=global-error]').hidden = true;
  }).catch((err) => {
    showGlobalError(t('error.lookups', { message: err.message }), () => location.reload());
  }).finally(fillFilterOptions);

  await route();
}

start();
