/**
 * The texts of search and of a company's list filters (docs/portal.md, "Search"). Danish first; English
 * second. Spread into the dictionaries of web/src/i18n.ts.
 */
export const searchDa = {
  'search.hint': 'Finder ord i afsender, titel, tekst og filnavne – også inde i sammensatte ord.',
  'search.scope': 'Søg i',
  'search.scopeAll': 'Alle mapper (undtagen Slettet)',
  'search.folder': 'Mappe',
  'search.resultAll': 'Søgeresultat for "{q}" i alle mapper',
  'search.resultIn': 'Søgeresultat for "{q}" i {folder}',
  'search.caption': 'Søgeresultat for "{q}"',
  'filters.legend': 'Filtrér breve',
  'filters.pUnit': 'P-enhed',
  'filters.pUnitAll': 'Alle P-enheder',
  'filters.person': 'Att. person',
  'filters.personAll': 'Alle personer',
  'filters.apply': 'Vis breve',
  'filters.clear': 'Ryd filtre',
  'filters.active': 'Filtreret: {filters}',
  'filters.pUnitValue': '{name} ({pNumber})',
} as const;

export const searchEn: Record<keyof typeof searchDa, string> = {
  'search.hint': 'Finds words in sender, title, text and file names – also inside compound words.',
  'search.scope': 'Search in',
  'search.scopeAll': 'All folders (except Deleted)',
  'search.folder': 'Folder',
  'search.resultAll': 'Search results for "{q}" in all folders',
  'search.resultIn': 'Search results for "{q}" in {folder}',
  'search.caption': 'Search results for "{q}"',
  'filters.legend': 'Filter letters',
  'filters.pUnit': 'P-unit',
  'filters.pUnitAll': 'All P-units',
  'filters.person': 'Attention person',
  'filters.personAll': 'All persons',
  'filters.apply': 'Show letters',
  'filters.clear': 'Clear filters',
  'filters.active': 'Filtered: {filters}',
  'filters.pUnitValue': '{name} ({pNumber})',
};
