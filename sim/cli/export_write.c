/* Writing an export: a run's summary and attributes, a table or a sweep's
 * points, as CSV (one table per file) or one JSON object. */
#include <string.h>

#include "export_int.h"

static const struct og_scalar *scalars(const struct og__export *e, size_t *n)
{
  int perf = !strcmp(e->name, "perf");
  *n = perf ? e->s->n_perf : e->s->n_summary;
  return perf ? e->s->perf : e->s->summary;
}

static void scalars_csv(FILE *f, const struct og_scalar *v, size_t n)
{
  fputs("name,value,unit,description\n", f);
  for (size_t i = 0; i < n; i++) {
    og__csv_str(f, v[i].name);
    fputc(',', f);
    og__csv_num(f, v[i].value);
    fputc(',', f);
    og__csv_str(f, v[i].unit ? v[i].unit : "");
    fputc(',', f);
    og__csv_str(f, v[i].desc ? v[i].desc : "");
    fputc('\n', f);
  }
}

static void attrs_csv(FILE *f, const struct og_results_summary *s)
{
  fputs("name,value\n", f);
  for (size_t i = 0; i < s->n_attrs; i++) {
    og__csv_str(f, s->attrs[i].name);
    fputc(',', f);
    if (s->attrs[i].text)
      og__csv_str(f, s->attrs[i].text);
    else
      og__csv_num(f, s->attrs[i].value);
    fputc('\n', f);
  }
}

void og__export_csv(FILE *f, const struct og__export *e)
{
  size_t n;
  const struct og_scalar *v;
  switch (e->what) {
  case OG__SCALARS: v = scalars(e, &n), scalars_csv(f, v, n); break;
  case OG__ATTRS: attrs_csv(f, e->s); break;
  case OG__TABLE:
    (e->a->columns ? og__columns_csv(f, e->t, NULL) : og__table_csv(f, e->t));
    break;
  case OG__POINTS:
    (e->a->columns ? og__columns_csv(f, &e->p.t, e->p.desc) : og__table_csv(f, &e->p.t));
    break;
  }
}

/* "key": {"name": {"value": x, "unit": u, "description": d}, ...} */
static void scalars_json(FILE *f, const char *key, const struct og_scalar *v, size_t n)
{
  fprintf(f, "  \"%s\": {", key);
  for (size_t i = 0; i < n; i++) {
    fputs(i ? ",\n    " : "\n    ", f);
    og__json_str(f, v[i].name);
    fputs(": {\"value\": ", f);
    og__json_num(f, v[i].value);
    fputs(", \"unit\": ", f);
    og__json_str(f, v[i].unit ? v[i].unit : "");
    fputs(", \"description\": ", f);
    og__json_str(f, v[i].desc ? v[i].desc : "");
    fputc('}', f);
  }
  fputs(n ? "\n  }" : "}", f);
}

/* "attributes": {"name": text or number, ...} */
static void attrs_json(FILE *f, const struct og_results_summary *s)
{
  fputs("  \"attributes\": {", f);
  for (size_t i = 0; i < s->n_attrs; i++) {
    fputs(i ? ",\n    " : "\n    ", f);
    og__json_str(f, s->attrs[i].name);
    fputs(": ", f);
    if (s->attrs[i].text)
      og__json_str(f, s->attrs[i].text);
    else
      og__json_num(f, s->attrs[i].value);
  }
  fputs(s->n_attrs ? "\n  }" : "}", f);
}

static void tables_json(FILE *f, char *const *names, size_t n)
{
  fputs("  \"tables\": [", f);
  for (size_t i = 0; i < n; i++) {
    fputs(i ? ", " : "", f);
    og__json_str(f, names[i]);
  }
  fputc(']', f);
}

/* A run's file as a whole: attributes, summary, perf, its tables' names. */
static void run_json(FILE *f, const struct og__export *e)
{
  fputs("  \"kind\": \"run\",\n", f);
  attrs_json(f, e->s);
  fputs(",\n", f);
  scalars_json(f, "summary", e->s->summary, e->s->n_summary);
  fputs(",\n", f);
  scalars_json(f, "perf", e->s->perf, e->s->n_perf);
  fputs(",\n", f);
  tables_json(f, e->tables, e->n_tables);
}

void og__export_json(FILE *f, const struct og__export *e)
{
  size_t n;
  const struct og_scalar *v;
  fputs("{\n  \"file\": ", f);
  og__json_str(f, e->file);
  fputs(",\n", f);
  if (e->what == OG__SCALARS && !e->a->table)
    run_json(f, e);
  else if (e->what == OG__POINTS) {
    fputs("  \"kind\": \"sweep\",\n", f);
    attrs_json(f, e->s);
    fputs(",\n  \"table\": \"by_point\",\n", f);
    (e->a->columns ? og__columns_json : og__table_json)(f, &e->p.t, e->p.desc);
  } else {
    fputs("  \"table\": ", f);
    og__json_str(f, e->name);
    fputs(",\n", f);
    if (e->what == OG__SCALARS)
      v = scalars(e, &n), scalars_json(f, e->name, v, n);
    else if (e->what == OG__ATTRS)
      attrs_json(f, e->s);
    else
      (e->a->columns ? og__columns_json : og__table_json)(f, e->t, NULL);
  }
  fputs("\n}\n", f);
}
