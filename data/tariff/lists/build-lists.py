#!/usr/bin/env python3
"""Build accord's shipped product lists (data/tariff/lists/*.csv) from the text of HTSUS Chapter 99.

Usage: build-lists.py CHAPTER99_TEXT[.gz] TRACKER_DIR OUT_DIR

CHAPTER99_TEXT is the USITC's Chapter 99 (notes and headings) of the revision named in data/tariff/README.md,
as plain text. TRACKER_DIR holds the second-source lists used only for dates of amendments and for lists whose
primary text is not in that revision (each output names which source each row rests on). The lists printed in
the notes are read as the notes print them: a "list line" is a line made only of HTS numbers.
"""
import csv, gzip, re, sys
from datetime import date, timedelta

src, tracker, out = sys.argv[1], sys.argv[2], sys.argv[3]
opener = gzip.open if src.endswith('.gz') else open
with opener(src, 'rt', encoding='latin-1') as f:
    L = f.read().split('\n')

CODE = r'\d{4}(?:\.\d{2}(?:\.\d{2}(?:\d{2})?)?)?'
LIST_LINE = re.compile(r'^[\s;,.]*(?:' + CODE + r'[\s;,.]*)+$')
# Page furniture between list pages.
NOISE = ('Harmonized Tariff Schedule', '99 - III', 'Annotated for', 'U.S. Notes (con')


def find(marker, start=0):
    for i in range(start, len(L)):
        if marker in L[i]:
            return i
    raise SystemExit(f'marker not found: {marker}')


def codes_between(a_marker, b_marker, allow_mixed=False):
    a = find(a_marker)
    b = find(b_marker, a + 1)
    got = []
    for line in L[a + 1:b]:
        s = line
        if 'U.S. Notes (con.)' in s:
            s = s.replace('U.S. Notes (con.)', '')
        if any(n in s for n in NOISE):
            continue
        if LIST_LINE.match(s):
            got += [c.replace('.', '') for c in re.findall(CODE, s)]
        elif allow_mixed:
            got += [c.replace('.', '') for c in re.findall(r'(?<![\d.])\d{4}\.\d{2}\.\d{2}(?:\d{2})?(?![\d.])', s)
                    if not c.startswith('9903') and not c.startswith('9802')]
    seen, outl = set(), []
    for c in got:
        if c not in seen:
            seen.add(c)
            outl.append(c)
    return outl


def dotted(d):
    parts = [d[:4]] + [d[i:i + 2] for i in range(4, min(len(d), 8), 2)]
    if len(d) == 10:
        parts.append(d[8:])
    return '.'.join(parts)


def write(name, header, rows):
    with open(f'{out}/{name}', 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(rows)
    print(name, len(rows), file=sys.stderr)


def next_day(d):
    return (date.fromisoformat(d) + timedelta(days=1)).isoformat()


# --- IEEPA reciprocal: U.S. note 2(v)(iii)(a), heading 9903.01.32 (Annex II of EO 14257 as amended, and the
# electronics of the 2025-04-11 memorandum). Current entries from the note; dates of each entry and entries
# removed before this revision from the tracker's revision-by-revision reading (first/last HTS revision).
annex = codes_between('(a) As provided for in heading 9903.01.32', '(b) As provided in heading 9903.02.78')
trk = {r['prefix']: r for r in csv.DictReader(open(f'{tracker}/annex_ii_first_appearance.csv'))}
rows = []
for c in annex:
    r = trk.get(c)
    frm = r['first_effective_date'] if r and r['first_effective_date'] != 'NA' else '2025-04-05'
    first = r['first_revision'] if r else ''
    rows.append([dotted(c), frm, '', first, 'note 2(v)(iii)(a), 2026 Rev 6'])
for c, r in trk.items():
    if c in annex or r['end_effective_date'] == 'NA':
        continue
    frm = r['first_effective_date'] if r['first_effective_date'] != 'NA' else '2025-04-05'
    rows.append([dotted(c), frm, next_day(r['end_effective_date']), r['first_revision'],
                 f"removed after {r['last_revision']} (not in 2026 Rev 6)"])
write('ieepa-annex-ii.csv', ['hts', 'from', 'until', 'first_revision', 'listed_in'], rows)

# --- Section 122: U.S. note 2(aa)(ii), heading 9903.03.03.
s122 = codes_between('(ii) As provided in heading 9903.03.03', '(iii) As provided in heading 9903.03.04')
write('s122-exempt.csv', ['hts'], [[dotted(c)] for c in s122])

# --- Section 301 China: U.S. note 20(b), (d), (f), (s) to subchapter III.
s301 = {
    's301-list-1': ('(b) Heading 9903.88.01 applies', '(c) For the purposes of heading 9903.88.02'),
    's301-list-2': ('(d) Heading 9903.88.02 applies', '(e) For the purposes of heading 9903.88.03'),
    's301-list-3': ('(f) Heading 9903.88.03 applies', '(g) For the purposes of heading 9903.88.04'),
    's301-list-4a': ('(s) Heading 9903.88.15 applies to:', '(t) For the purposes of heading 9903.88.16'),
}
for name, (a, b) in s301.items():
    got = codes_between(a, b, allow_mixed=name == 's301-list-4a')
    write(f'{name}.csv', ['hts'], [[dotted(c)] for c in got])

# --- Section 232 auto parts: U.S. note 33(g) (heading 9903.94.05).
parts = codes_between("(g) Subject to a manufacturer's import adjustment offset", '(h) Heading 9903.94.06 applies')
# The note covers "parts of passenger vehicles ... and light trucks classifiable in" these provisions. Provisions
# whose text does not itself limit them to motor vehicles (computers of 8471, bearings, electric motors,
# batteries, pumps, filters …) hold parts only by use: they go to a separate file that a user whose good is such
# a part adds with --scopes (it has the list column for that).
GENERAL = ('7320.10', '8413.30', '8413.91', '8414.59', '8421.23', '8421.32', '8425.49', '8431.10', '8471', '8482',
           '8483', '8501', '8507', '8519.81', '8525.60', '8537', '9015.10', '9029')
general = [c for c in parts if dotted(c).startswith(GENERAL)]
specific = [c for c in parts if c not in general]
write('s232-auto-parts.csv', ['hts'], [[dotted(c)] for c in specific])
write('s232-auto-parts-by-use.csv', ['list', 'hts'], [['s232-auto-parts', dotted(c)] for c in general])
# UK parts at 10%: the statistical reporting numbers of note 33(j) (heading 9903.94.32, from 2025-06-30). Those
# within the general-purpose provisions of note 33(g) are auto parts only by use, as above.
gb = codes_between('(j) Heading 9903.94.32 sets forth', '(k) Except as provided for in headings 9903.94.02')
gb_general = [c for c in gb if dotted(c).startswith(GENERAL)]
write('s232-auto-parts-gb.csv', ['hts'], [[dotted(c)] for c in gb if c not in gb_general])
with open(f'{out}/s232-auto-parts-by-use.csv', 'a', newline='') as f:
    csv.writer(f, lineterminator='\n').writerows([['s232-auto-parts-gb', dotted(c)] for c in gb_general])
# Every provision of the note, whatever the use: the certified-parts headings (note 33(p)-(r): 9903.94.07, .33,
# .44/.45, .54/.55, .64/.65, .68/.69) do not apply to articles "classifiable in the provisions of subdivision (g)".
write('s232-auto-parts-provisions.csv', ['hts'], [[dotted(c)] for c in parts])

# --- Section 232 medium- and heavy-duty vehicle parts: U.S. note 38(i) (heading 9903.74.08, from 2025-11-01).
# The note covers "parts of medium- and heavy-duty vehicles classifiable in" these provisions, and files goods of
# them that are not such parts under 9903.74.11 at no duty (note 38(l)). Only one provision is limited to those
# vehicles by its own text: 8709.90.00, parts of the works trucks of 8709.11 and 8709.19, which note 38(b) lists as
# medium- and heavy-duty vehicles. Every other provision holds such parts only by use (most are also provisions of
# the auto parts note 33(g)), so they go to a file a user whose good is such a part adds with --scopes.
mhd = codes_between('(i) The rates of duty set forth in heading 9903.74.08', '(j) Heading 9903.74.09 applies')
MHD_BY_TEXT = ('8709.90',)
write('s232-mhd-parts-by-use.csv', ['list', 'hts'],
      [['s232-mhd-parts', dotted(c)] for c in mhd if not dotted(c).startswith(MHD_BY_TEXT)])
# Every provision of note 38(i), whatever the use: nor do they apply to articles classifiable in these.
write('s232-mhd-parts-provisions.csv', ['hts'], [[dotted(c)] for c in mhd])

# --- Section 301 forced-labor action (2026): exempt products. Not in this revision's text (U.S. note 52 was
# added later); rows from the tracker's reading, as the README says.
fl = [r['hts8'] for r in csv.DictReader(open(f'{tracker}/s301fl_exempt_products.csv'))]
write('s301fl-exempt.csv', ['hts'], [[dotted(c)] for c in fl])

# --- Section 232 pharmaceuticals (Proc. 11020, 2026): the provisions of U.S. note 40(c). Not in this revision's
# text (note 40 was added later); rows from the tracker's reading, which it reconciled with note 40(c).
pharma = [r['hts10'] for r in csv.DictReader(open(f'{tracker}/s232_pharma_products.csv'))]
write('s232-pharma.csv', ['hts'], [[dotted(c)] for c in pharma])

# --- Section 301 product exclusions in force through 2026-11-09: U.S. note 20(vvv) (heading 9903.88.69) and
# 20(www) (9903.88.70). Only the exclusions that name a whole statistical reporting number are listed; the
# others describe a product within a number, which only the importer can claim.
def bare_exclusions(a_marker, b_marker):
    a = find(a_marker)
    b = find(b_marker, a + 1)
    got = []
    for line in L[a + 1:b]:
        m = re.match(r'^\s*\(\d+\)\s+(\d{4}\.\d{2}\.\d{4})\s*$', line)
        if m:
            got.append(m.group(1).replace('.', ''))
    return got
rows = [[dotted(c), '9903.88.69', 'note 20(vvv)'] for c in bare_exclusions('(vvv)  (i) The U.S. Trade Representative', '(www) The U.S. Trade Representative')]
rows += [[dotted(c), '9903.88.70', 'note 20(www)'] for c in bare_exclusions('(www) The U.S. Trade Representative', '21. (a) For purposes of subheading 9903.19.23')]
write('s301-exclusions.csv', ['hts', 'heading', 'listed_in'], rows)

# --- Section 301 four-year review, U.S. note 31(b) (heading 9903.91.01, 25% from 2024-09-27).
n31b = codes_between('(b) Heading 9903.91.01 applies to products of China', '(c) Heading 9903.91.02 applies')
write('s301-note31b.csv', ['hts'], [[dotted(c)] for c in n31b])

# --- IEEPA Brazil (EO 14323, heading 9903.01.77): the products of U.S. note 2(x)(iii)(a), heading 9903.01.81.
# The note prints the current list; the date each entry took effect (the original annex from 2025-08-06, the
# agricultural products added by the order of 2025-11-20 with effect from 2025-11-13) is the tracker's reading.
br = codes_between('(a) As provided in heading 9903.01.81', '(b) As provided in heading 9903.01.90')
trk = {}
with open(f'{tracker}/country_eo_exempt_products.csv') as f:
    for r in csv.DictReader(line for line in f if not line.startswith('#')):
        if r['ch99_code'] == '9903.01.77':
            trk[r['hts10'].replace('.', '')] = r['effective_date_start']
rows = []
for c in br:
    frm = trk.get(c) or trk.get(c[:8])
    rows.append([dotted(c), frm or '2025-08-06', 'note 2(x)(iii)(a), 2026 Rev 6' + ('' if frm else '; date assumed')])
write('ieepa-br-exempt.csv', ['hts', 'from', 'listed_in'], rows)


# --- Civil aircraft relief: the provisions of U.S. note 35(a) (United Kingdom, heading 9903.96.01, from 2025-06-30)
# and 35(b) (Japan, heading 9903.96.02, from 2025-09-16, unmanned aircraft left out), and the exemptions from Section
# 122 (note 2(aa)(iv), heading 9903.03.05, any origin) and from the further duty on Brazil (note 2(x)(iv), heading
# 9903.01.82). The notes relieve civil aircraft, their engines, parts and simulators that meet General Note 6 and are
# classifiable in these provisions.
# Chapter 88 provisions are aircraft and their parts by their text; the others (plastic tubes, hoses, steel tubes,
# hinges, wiring sets, instruments …) hold aircraft articles only by use, so they go to a separate file that a user
# whose good is such an article adds with --scopes (it has the list column). The lists' first lines share the
# line with the note's prose, so mixed lines are read too.
aircraft_notes = {
    'civil-aircraft-uk': ('(a) As provided in heading 9903.96.01', '(b) As provided in heading 9903.96.02'),
    'civil-aircraft-jp': ('(b) As provided in heading 9903.96.02', '36. [Note deleted.]'),
    's122-civil-aircraft': ('(iv) As provided in heading 9903.03.05', '(v) As provided in heading 9903.03.06'),
    'br-civil-aircraft': ('(iv) As provided in heading 9903.01.82',
                          '(v) The additional duties imposed by heading 9903.01.77 shall not apply to products of iron'),
}
for name, (a, b) in aircraft_notes.items():
    got = codes_between(a, b, allow_mixed=True)
    write(f'{name}.csv', ['hts'], [[dotted(c)] for c in got if c.startswith('88')])
    write(f'{name}-by-use.csv', ['list', 'hts'], [[name, dotted(c)] for c in got if not c.startswith('88')])

# --- Section 232 metals from 2026-04-06: U.S. note 16(c) (headings 9903.82.02-.19; the annex tiers of the
# proclamation of 2026-04-02). The note prints its lists in columns that run across pages ("read numbers from left
# to right"), so each list is read as the band of lines between its title and the next one: (i)-(v) are the 50%
# tier (9903.82.02), (vi)-(viii) the 25% tier (9903.82.09), (ix)-(x) the 15% tier (9903.82.10/.11). Within the first
# band the copper list (v) is chapter 74; the United Kingdom's 25% (9903.82.04) covers (i)-(iv) only. (viii), the
# copper of the second band, is read from its own lines. No provision is in two tiers.
def whole8(code):
    # A statistical number ending in 00 is the only one under its subheading in the note's revision; later
    # revisions may split it (8541.90.0000 became .0010 and .0080), so the list names the subheading itself.
    return code[:8] if len(code) == 10 and code.endswith('00') else code


def lines_codes(a, b):
    got = set()
    for line in L[a:b]:
        for c in re.findall(r'(?<![\d.])(\d{4}(?:\.\d{2}(?:\.\d{2}(?:\d{2})?)?)?)(?![\d.])', line):
            if not c.startswith(('9903', '9802')) and c != '2026':
                got.add(c.replace('.', ''))
    return got


def band(start_marker, end_marker, start=0):
    a = find(start_marker, start)
    b = find(end_marker, a + 1)
    return lines_codes(a, b), a


n16 = find('16. (a)  Except as provided in headings 9903.85.67 and 9903.85.68, headings 9903.82.02')
tier50, _ = band('(i) Articles of aluminum:', '(vi) Derivative aluminum articles:', n16)
tier25, _ = band('(vi) Derivative aluminum articles:', '(ix) Derivative aluminum articles:', n16)
copper25, _ = band('(viii) Articles of copper:', '(ix) Derivative aluminum articles:', n16)
tier15, _ = band('(ix) Derivative aluminum articles:', '(d) Headings 9903.82.04 and 9903.82.05', n16)
assert not (tier50 & tier25 or tier50 & tier15 or tier25 & tier15), 'note 16(c) lists overlap'
copper50 = {c for c in tier50 if c.startswith('74')}
alsteel25 = tier25 - copper25

# Note 16(e) gives lower headings (9903.82.06-.08, Russia's .15) only to the derivative subdivisions (ii), (iv), (vi),
# (vii), (ix), (x) and the copper of (viii), not to the articles of aluminum and steel of (i) and (iii), and the
# Russian headings name single subdivisions: so the lists are also read subdivision by subdivision. Within a tier
# a provision may be in two subdivisions (7614.10.10 is in (ii) and (iv), 8424.89.90 in (ix) and (x): note 16(c)
# aggregates their metals, 16(e) makes the requirements cumulative). (iii) ends with its page: its last row is
# short (7304 7305 7306). On the next page the text rendering pushes the left column of (iv)'s grid three lines
# down, below (iv)'s title (read left to right its rows run 7216.91.0010 7301.20.10 7301.20.50 7302.30.00, ...),
# and starts (v)'s grid above (v)'s title: so (iv) is the rest of the band up to (vi) less chapter 74, whose
# provisions are (v)'s (as copper50 above).
sub_i, _ = band('(i) Articles of aluminum:', '(ii) Derivative aluminum articles:', n16)
sub_ii, _ = band('(ii) Derivative aluminum articles:', '(iii) Articles of steel:', n16)
sub_iii, a3 = band('(iii) Articles of steel:', 'Harmonized Tariff Schedule', n16)
page_iv = find('Harmonized Tariff Schedule', a3)
sub_iv = {c for c in lines_codes(page_iv, find('(vi) Derivative aluminum articles:', n16)) if not c.startswith('74')}
sub_vii, _ = band('(vii) Derivative steel articles:', '(viii) Articles of copper:', n16)
sub_x, _ = band('(x) Derivative steel articles:', '(d) Headings 9903.82.04 and 9903.82.05', n16)
assert sub_i | sub_ii | sub_iii | sub_iv | copper50 == tier50, 'note 16(c)(i)-(v) read by subdivision'
assert sub_vii <= alsteel25 and sub_x <= tier15
articles, derivatives = sub_i | sub_iii, sub_ii | sub_iv
assert not [(x, y) for x in articles for y in derivatives if x.startswith(y) or y.startswith(x)], \
    'a provision of (i) or (iii) in (ii) or (iv): 9903.82.06 would reach an article note 16(e) does not'

# From 2026-06-08 (Proc. 11032) codes moved between tiers and a tier I-C, note 16(c)(xi), was added. The
# 2026 Rev 6 note predates it, so those moves are the second source's reading (its rows dated 2026-06-08): each
# row takes its code (and the codes under it) out of the April lists and into its new tier; annex 2 means no
# metals duty any more.
june = [r for r in csv.DictReader(open(f'{tracker}/s232_annex_products.csv')) if r['effective_date'] == '2026-06-08']
jun25, jun15, jun_xi = set(alsteel25), set(tier15), set()
# The steel subdivisions (vii) and (x) as moved: which moved provisions are of steel is the second source's
# `metal_type`.
jun_vii, jun_x = set(sub_vii), set(sub_x)
for r in june:
    x = r['hts_prefix']
    for tier in (jun25, jun15, jun_vii, jun_x):
        tier.difference_update({c for c in tier if c.startswith(x)})
    {'1b': jun25, '3': jun15, '1c': jun_xi}.get(r['annex'], set()).add(x)
    if r['metal_type'] == 'steel':
        {'1b': jun_vii, '3': jun_x}.get(r['annex'], set()).add(x)


def metals_rows(codes, listed_in):
    return [[dotted(c), listed_in] for c in sorted({whole8(c) for c in codes})]


# The copper of Proc. 10962 (heading 9903.78.01, 2025-08-01 to 2026-04-05): the 2026 Rev 6 notes no longer print
# its list, but note 16(c)(v) and (viii) carry it into 2026 (the second source's reading of the proclamation's
# annex names the same 80 codes).
write('s232-copper-2025.csv', ['hts', 'listed_in'],
      [[dotted(c), 'note 16(c)(v), (viii), 2026 Rev 6'] for c in sorted({whole8(c) for c in copper50 | copper25})])
APR = 'note 16(c), 2026 Rev 6'
JUN = 'note 16(c), 2026 Rev 6, with the moves of Proc. 11032 from 2026-06-08 (second source)'
for name, codes in (('i', sub_i), ('ii', sub_ii), ('iii', sub_iii), ('iv', sub_iv)):
    write(f's232-metals-{name}.csv', ['hts', 'listed_in'], metals_rows(codes, f'note 16(c)({name}), 2026 Rev 6'))
write('s232-metals-v.csv', ['hts', 'listed_in'], metals_rows(copper50, 'note 16(c)(v), 2026 Rev 6'))
write('s232-metals-vi-vii.csv', ['hts', 'listed_in'], metals_rows(alsteel25, 'note 16(c)(vi)-(vii), 2026 Rev 6'))
write('s232-metals-vi-vii-jun.csv', ['hts', 'listed_in'], metals_rows(jun25, JUN))
write('s232-metals-viii.csv', ['hts', 'listed_in'], metals_rows(copper25, 'note 16(c)(viii), 2026 Rev 6'))
write('s232-metals-ix-x.csv', ['hts', 'listed_in'], metals_rows(tier15, 'note 16(c)(ix)-(x), 2026 Rev 6'))
write('s232-metals-ix-x-jun.csv', ['hts', 'listed_in'], metals_rows(jun15, JUN))
write('s232-metals-xi.csv', ['hts', 'listed_in'], metals_rows(jun_xi, 'note 16(c)(xi), Proc. 11032 (second source)'))
# Note 16(g): heading 9903.82.13 takes the parts of chapters 84, 85 and 87 that otherwise meet (c)(vi)-(viii) when
# they are for use in manufacturing motorcycles in the United States. The use decides, not the code, so the lists
# ship empty and their provisions go to a -by-use file, one list per era of (c)(vi)-(vii) (a provision moved from
# 2026-06-08 to (ix)-(x) or (xi) leaves the June list).
MOTO = ('84', '85', '87')
moto_apr = sorted({whole8(c) for c in alsteel25 | copper25 if c[:2] in MOTO})
moto_jun = sorted({whole8(c) for c in jun25 | copper25 if c[:2] in MOTO})
write('s232-motorcycle-parts.csv', ['hts'], [])
write('s232-motorcycle-parts-jun.csv', ['hts'], [])
write('s232-motorcycle-parts-by-use.csv', ['list', 'hts'],
      [['s232-motorcycle-parts', dotted(c)] for c in moto_apr] + [['s232-motorcycle-parts-jun', dotted(c)] for c in moto_jun])
for name, codes, moved in (('vii', sub_vii, jun_vii), ('x', sub_x, jun_x)):
    write(f's232-metals-{name}.csv', ['hts', 'listed_in'], metals_rows(codes, f'note 16(c)({name}), 2026 Rev 6'))
    write(f's232-metals-{name}-jun.csv', ['hts', 'listed_in'],
          metals_rows(moved, f'note 16(c)({name}), 2026 Rev 6, with the moves of Proc. 11032 from 2026-06-08 (second source)'))

# --- Section 232 aluminum from 2025-03-12 to 2026-04-05: U.S. note 19(f)-(s) (Proc. 10895, Proc. 10947), as the
# 2026 Rev 6 note prints it (its subdivisions (f)-(m) apply from 2025-03-12). (g) names aluminum articles by heading
# (9903.85.02); its item (vii), "castings and forgings of aluminum provided for in subheading 7616.99.51", is the
# two statistical numbers so described. (i) names the derivatives of 2020 (9903.85.04) by the subheading each item
# is "described in"; (j) and (k) list the derivatives of chapter 76 (9903.85.07) and of other chapters (9903.85.08).
# The United Kingdom's headings (.12-.15, subdivisions (o), (q)-(s)) repeat the same lists. (k) includes the
# derivatives added by the inclusions process with effect from 2025-08-18; which rows those are is the second
# source's reading (its rows of heading 9903.85.08 dated 2025-08-18).
al_articles = ['7601', '7604', '7605', '7606', '7607', '7608', '7609', '7616995160', '7616995170']
a = find('(i) The rates of duty set forth in heading 9903.85.04 apply')
b = find('(j) The rates of duty set forth in heading 9903.85.07', a)
al_2020 = [m.replace('.', '') for m in re.findall(r'described in\s+subheading\s+(\d{4}\.\d{2}\.\d{2})', ' '.join(L[a:b]))]
assert len(al_2020) == 6, al_2020
al_76 = codes_between('(j) The rates of duty set forth in heading 9903.85.07', '(k) The rates of duty in heading 9903.85.08',
                      allow_mixed=True)
al_other = codes_between('(k) The rates of duty in heading 9903.85.08', '(l) Any importer entering the aluminum products',
                         allow_mixed=True)
dated = {r['hts_prefix']: r['effective_date'] for r in csv.DictReader(open(f'{tracker}/s232_derivative_products.csv'))
         if r['ch99_code'] == '9903.85.08'}


def is_august(code):
    # The second source names some rows at another length than the note: the closest related row decides. A code
    # it does not date (2203.00.00, 8708.10.30.50) is taken as in force from 2025-03-12, and the layer says so.
    related = [p for p in dated if p.startswith(code) or code.startswith(p)]
    if not related:
        return False
    closest = min(related, key=lambda p: abs(len(p) - len(code)))
    return dated[closest] == '2025-08-18'


aug = {c for c in al_other if is_august(c)}
al_other_aug = [c for c in al_other if c in aug]
N19 = 'note 19(%s), 2026 Rev 6'
write('s232-aluminum-g.csv', ['hts', 'listed_in'], [[dotted(c), N19 % 'g'] for c in al_articles])
write('s232-aluminum-i-76.csv', ['hts', 'listed_in'], [[dotted(c), N19 % 'i'] for c in al_2020 if c.startswith('76')])
write('s232-aluminum-i-87.csv', ['hts', 'listed_in'], [[dotted(c), N19 % 'i'] for c in al_2020 if not c.startswith('76')])
write('s232-aluminum-j.csv', ['hts', 'listed_in'], [[dotted(whole8(c)), N19 % 'j'] for c in al_76])
write('s232-aluminum-k.csv', ['hts', 'listed_in'], [[dotted(whole8(c)), N19 % 'k'] for c in al_other if c not in aug])
write('s232-aluminum-k-aug.csv', ['hts', 'listed_in'],
      [[dotted(whole8(c)), N19 % 'k' + '; from 2025-08-18 (second source)'] for c in al_other_aug])

# --- Section 232 steel of 2025 (Proc. 9705 as restored by Proc. 10896 from 2025-03-12; Proc. 10947): the 2026 Rev 6
# notes no longer print the 2025 steel note (16), so the lists are the second source's. Its steel articles are the
# provisions note 16(c)(iii) of 2026 still prints (checked here); its derivatives are those of Proc. 10896's annex
# (chapter 73) with the 2020 derivatives of Proc. 9980. The inclusions of 2025-08-18 (9903.81.91) are left out: the
# second source's list of them reaches into medicaments and vehicles, and no primary text at hand confirms it.
chapter = list(csv.DictReader(open(f'{tracker}/s232_metal_chapter_products.csv')))
steel_mill = sorted({r['hts_prefix'] for r in chapter if r['metal_type'] == 'steel' and r['kind'] == 'mill'})
assert all(any(c.startswith(t) or t.startswith(c) for t in sub_iii) for c in steel_mill), 'a steel article not in 16(c)(iii)'
steel_deriv = sorted({whole8(r['hts_prefix']) for r in chapter if r['metal_type'] == 'steel'
                      and r['kind'] == 'derivative' and r['effective_date'] in ('', '2025-03-12')})
write('s232-steel-articles.csv', ['hts', 'listed_in'],
      [[dotted(c), 'Proc. 9705 (second source); the provisions of note 16(c)(iii), 2026 Rev 6'] for c in steel_mill])
write('s232-steel-derivatives.csv', ['hts', 'listed_in'],
      [[dotted(c), 'Proc. 10896 Annex I or Proc. 9980 (second source)'] for c in steel_deriv])

# --- IEEPA reciprocal: the product exemptions of the framework agreements and of the agricultural order, U.S. note
# 2(v)(iii)(b) and (xx)-(xxv) and 2(x)(iii)(b) (2026 Rev 6). Lists of provisions that exempt by code alone are read as
# the notes print them; where the note turns on what the good is or its use (civil aircraft meeting General Note 6
# outside chapter 88, articles not patented in the United States for use in pharmaceutical applications, the
# particular articles each described within its subheading), the provisions go to a -by-use file (it has the list
# column) that the importer of such a good adds with --scopes, and the default list holds only what the code decides.
eu_nr = codes_between('(xx) As provided in heading 9903.02.74', '(xxi) As provided in heading 9903.02.75')
write('ieepa-eu-natural-resources.csv', ['hts'], [[dotted(c)] for c in eu_nr])


def particular(a_marker, b_marker):
    # The particular articles: "(n) <article> (classifiable in subheading NNNN.NN.NN)", each within its subheading.
    a = find(a_marker)
    b = find(b_marker, a + 1)
    text = ' '.join(L[a:b])
    return [m.replace('.', '') for m in re.findall(r'classifiable\s+in\s+subheading\s+(\d{4}\.\d{2}\.\d{2})', text)]


# Notes 2(v)(iii)(b) (any country, 9903.02.78) and 2(x)(iii)(b) (Brazil, 9903.01.90) print the same eleven articles:
# one list for both. The EU's (v)(xxi) (9903.02.75) names one of them. One declaration file covers the three.
any_country = particular('(b) As provided in heading 9903.02.78', '(iv) As provided in 9903.01.26')
assert any_country == particular('(b) As provided in heading 9903.01.90', '(iv) As provided in heading 9903.01.82')
eu_particular = particular('(xxi) As provided in heading 9903.02.75', '(xxii)  As provided in heading 9903.02.76')
write('ieepa-particular.csv', ['hts'], [])
write('ieepa-eu-particular.csv', ['hts'], [])
write('ieepa-particular-by-use.csv', ['list', 'hts'],
      [['ieepa-particular', dotted(c)] for c in any_country] + [['ieepa-eu-particular', dotted(c)] for c in eu_particular])

framework_aircraft = {
    'civil-aircraft-eu': ('(xxii)  As provided in heading 9903.02.76', '(xxiii) As provided in heading 9903.02.77'),
    'civil-aircraft-kr': ('(b) As provided in heading 9903.02.81', '(a) As provided in headings 9903.02.82 and 9903.02.83'),
    'civil-aircraft-ch-li': ('(c) As provided in headings 9903.02.85 and 9903.02.90',
                             '(d) As provided in headings 9903.02.86 and 9903.02.91'),
}
for name, (a, b) in framework_aircraft.items():
    got = codes_between(a, b)
    write(f'{name}.csv', ['hts'], [[dotted(c)] for c in got if c.startswith('88')])
    write(f'{name}-by-use.csv', ['list', 'hts'], [[name, dotted(c)] for c in got if not c.startswith('88')])

# The EU's (v)(xxiii) (9903.02.77) and Switzerland's and Liechtenstein's (v)(xxv)(d) (9903.02.86, .91) print the same
# provisions: one list for the three headings.
eu_pharma = codes_between('(xxiii) As provided in heading 9903.02.77', '(a) As provided in headings 9903.02.79 and 9903.02.80')
assert eu_pharma == codes_between('(d) As provided in headings 9903.02.86 and 9903.02.91',
                                  '(i) Except as provided in headings 9903.01.78')
write('ieepa-pharma-non-patented.csv', ['hts'], [])
write('ieepa-pharma-non-patented-by-use.csv', ['list', 'hts'], [['ieepa-pharma-non-patented', dotted(c)] for c in eu_pharma])

ch_li = codes_between('(b) As provided in headings 9903.02.84 and 9903.02.89', '(c) As provided in headings 9903.02.85 and 9903.02.90')
write('ieepa-ch-li-exempt.csv', ['hts'], [[dotted(c)] for c in ch_li])
