/* Reading back what a table's columns carry besides values (units,
 * descriptions, labels of coded columns), tables
 * stored as a group of 1-D datasets (/links, /timeseries, ...), and the
 * list of a file's tables. */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "results_h5.h"
#include "results_io.h"

/* n strings of vlen-string array attribute `name` of obj into out (new
 * strings); "" each when obj has no such attribute or it is not n strings. */
static enum og_status read_str_array(hid_t obj, const char *name, size_t n, char **out)
{
  hid_t a = H5Aexists(obj, name) > 0 ? H5Aopen(obj, name, H5P_DEFAULT) : -1;
  hid_t type = a >= 0 ? H5Aget_type(a) : -1, space = a >= 0 ? H5Aget_space(a) : -1;
  hid_t mt = og__h5_vlen_str();
  char **v = calloc(n ? n : 1, sizeof *v);
  int ok = v && mt >= 0 && type >= 0 && H5Tget_class(type) == H5T_STRING &&
           H5Tis_variable_str(type) > 0 && space >= 0 &&
           H5Sget_simple_extent_npoints(space) == (hssize_t)n && H5Aread(a, mt, v) >= 0;
  enum og_status st = v ? OG_OK : OG_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    if (!st && !(out[i] = strdup(ok && v[i] ? v[i] : "")))
      st = OG_ENOMEM;
    if (ok)
      H5free_memory(v[i]);
  }
  free(v);
  if (mt >= 0)
    H5Tclose(mt);
  if (space >= 0)
    H5Sclose(space);
  if (type >= 0)
    H5Tclose(type);
  if (a >= 0)
    H5Aclose(a);
  return st;
}

/* Labels array attribute `name` of obj (a coded column's) into col:
 * nothing when obj has none or it is not an array of strings. */
static enum og_status read_labels(hid_t obj, const char *name, struct og_column *col)
{
  hid_t a = H5Aexists(obj, name) > 0 ? H5Aopen(obj, name, H5P_DEFAULT) : -1;
  hid_t space = a >= 0 ? H5Aget_space(a) : -1;
  hssize_t n = space >= 0 ? H5Sget_simple_extent_npoints(space) : 0;
  char **labels = n > 0 ? calloc((size_t)n, sizeof *labels) : NULL;
  enum og_status st = n > 0 && !labels ? OG_ENOMEM : OG_OK;
  if (space >= 0)
    H5Sclose(space);
  if (a >= 0)
    H5Aclose(a);
  if (labels && !(st = read_str_array(obj, name, (size_t)n, labels))) {
    col->labels = (const char *const *)labels;
    col->n_labels = (size_t)n;
  } else if (labels) {
    for (hssize_t i = 0; i < n; i++)
      free(labels[i]);
    free(labels);
  }
  return st;
}

/* Compound dataset d's string-array attribute `name` (one per column) into
 * the columns' unit (desc 0) or desc (desc 1). */
static enum og_status read_column_strings(hid_t d, struct og_table *t, const char *name, int desc)
{
  char **v = calloc(t->n_cols ? t->n_cols : 1, sizeof *v);
  enum og_status st = v ? read_str_array(d, name, t->n_cols, v) : OG_ENOMEM;
  struct og_column *cols = (struct og_column *)t->cols;
  for (size_t c = 0; c < t->n_cols; c++) /* NULL where it failed: freed as such */
    *(desc ? &cols[c].desc : &cols[c].unit) = v ? v[c] : NULL;
  free(v);
  return st;
}

enum og_status og__results_read_units(hid_t d, struct og_table *t)
{
  enum og_status st = read_column_strings(d, t, "units", 0);
  if (!st)
    st = read_column_strings(d, t, "descriptions", 1);
  for (size_t c = 0; !st && c < t->n_cols; c++) {
    char name[512];
    if (snprintf(name, sizeof name, "labels_%s", t->cols[c].name) < (int)sizeof name)
      st = read_labels(d, name, (struct og_column *)&t->cols[c]);
  }
  return st;
}

/* Values read into buf (n of sz bytes each) become col's data: numbers as
 * they are, fixed-width strings as an array of new strings. buf is taken. */
static enum og_status take_values(struct og_column *col, unsigned char *buf, size_t sz, size_t n,
                                  int str)
{
  char **v;
  if (!str) {
    col->data = buf;
    return OG_OK;
  }
  col->type = OG_COL_STR;
  col->data = v = calloc(n ? n : 1, sizeof *v);
  for (size_t r = 0; v && r < n; r++)
    if (!(v[r] = strndup((char *)buf + r * sz, sz)))
      v = NULL;
  free(buf);
  return v ? OG_OK : OG_ENOMEM;
}

/* One column dataset `name` of group g: its values and unit into col;
 * *n_rows is set by the first (first != 0) and checked for the rest. What
 * was allocated is left in col for the table's free. */
static enum og_status read_column(hid_t g, const char *name, int first, size_t *n_rows,
                                  struct og_column *col)
{
  hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
  hid_t ft = d >= 0 ? H5Dget_type(d) : -1, sp = d >= 0 ? H5Dget_space(d) : -1, mt = -1;
  hssize_t n = sp >= 0 && H5Sget_simple_extent_ndims(sp) == 1 ? H5Sget_simple_extent_npoints(sp)
                                                               : -1;
  H5T_class_t cls = ft >= 0 ? H5Tget_class(ft) : H5T_NO_CLASS;
  int str = cls == H5T_STRING;
  size_t sz = 0;
  enum og_status st = n < 0 || (first == 0 && (size_t)n != *n_rows) ||
                      (cls != H5T_INTEGER && cls != H5T_FLOAT && !str) ||
                      (str && H5Tis_variable_str(ft) > 0) ? OG_EPARSE : OG_OK;
  unsigned char *buf = NULL;
  if (!st && str) {
    sz = H5Tget_size(ft);
    mt = H5Tcopy(H5T_C_S1);
    H5Tset_size(mt, sz), H5Tset_cset(mt, H5Tget_cset(ft)), H5Tset_strpad(mt, H5T_STR_NULLPAD);
  } else if (!st)
    col->type = og__results_num_type(ft, &mt, &sz);
  if (!st && (!(col->name = strdup(name)) || !(buf = malloc((size_t)n * sz + 1))))
    st = OG_ENOMEM;
  if (!st && (size_t)n > 0 && H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
    st = OG_EIO;
  if (!st) {
    *n_rows = (size_t)n;
    st = take_values(col, buf, sz, (size_t)n, str);
    buf = NULL;
  }
  char *unit = NULL, *desc = NULL;
  if (!st && !(st = read_str_array(d, "unit", 1, &unit)))
    col->unit = unit;
  if (!st && !(st = read_str_array(d, "description", 1, &desc)))
    col->desc = desc;
  if (!st)
    st = read_labels(d, "labels", col);
  free(buf);
  if (mt >= 0)
    H5Tclose(mt);
  if (sp >= 0)
    H5Sclose(sp);
  if (ft >= 0)
    H5Tclose(ft);
  if (d >= 0)
    H5Dclose(d);
  return st;
}

/* The names of group g's links, in creation order where the writer kept
 * one (ogsim always does), else by name. */
struct names {
  char **v;
  size_t n, cap;
};

static herr_t add_name(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
  struct names *l = data;
  (void)g, (void)info;
  if (og_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v, 16) || !(l->v[l->n] = strdup(name)))
    return -1;
  l->n++;
  return 0;
}

static enum og_status link_names(hid_t g, struct names *l)
{
  unsigned flags = 0;
  hid_t gcpl = H5Gget_create_plist(g);
  if (gcpl >= 0 && H5Pget_link_creation_order(gcpl, &flags) < 0)
    flags = 0;
  if (gcpl >= 0)
    H5Pclose(gcpl);
  H5_index_t by = flags & H5P_CRT_ORDER_INDEXED ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
  return H5Literate(g, by, H5_ITER_INC, NULL, add_name, l) < 0 ? OG_ENOMEM : OG_OK;
}

void og_results_names_free(char **names, size_t n)
{
  for (size_t i = 0; names && i < n; i++)
    free(names[i]);
  free(names);
}

enum og_status og__results_read_group(hid_t g, struct og_table *t)
{
  struct names l = {0};
  enum og_status st = link_names(g, &l);
  struct og_column *cols = st ? NULL : calloc(l.n ? l.n : 1, sizeof *cols);
  if (!st && !cols)
    st = OG_ENOMEM;
  t->cols = cols;
  for (size_t i = 0; !st && i < l.n; i++) {
    t->n_cols = i + 1;
    st = read_column(g, l.v[i], i == 0, &t->n_rows, &cols[i]);
  }
  og_results_names_free(l.v, l.n);
  return st;
}

/* 1 when group g holds 1-D datasets only, at least one. */
static int is_column_group(hid_t g)
{
  struct names l = {0};
  int yes = link_names(g, &l) == OG_OK && l.n > 0;
  for (size_t i = 0; yes && i < l.n; i++) {
    hid_t d = H5Lexists(g, l.v[i], H5P_DEFAULT) > 0 ? H5Oopen(g, l.v[i], H5P_DEFAULT) : -1;
    hid_t sp = d >= 0 && H5Iget_type(d) == H5I_DATASET ? H5Dget_space(d) : -1;
    yes = sp >= 0 && H5Sget_simple_extent_ndims(sp) == 1;
    if (sp >= 0)
      H5Sclose(sp);
    if (d >= 0)
      H5Oclose(d);
  }
  og_results_names_free(l.v, l.n);
  return yes;
}

/* 1 when root object `name` is a table: a compound dataset, or a group of
 * 1-D datasets only (not /summary, whose datasets are scalars). */
static int is_table(hid_t f, const char *name)
{
  hid_t o = H5Oopen(f, name, H5P_DEFAULT);
  H5I_type_t kind = o >= 0 ? H5Iget_type(o) : H5I_BADID;
  int yes = 0;
  if (kind == H5I_DATASET) {
    hid_t ft = H5Dget_type(o);
    yes = ft >= 0 && H5Tget_class(ft) == H5T_COMPOUND;
    if (ft >= 0)
      H5Tclose(ft);
  } else if (kind == H5I_GROUP)
    yes = is_column_group(o);
  if (o >= 0)
    H5Oclose(o);
  return yes;
}

enum og_status og_results_list_tables(const char *path, char ***names, size_t *n,
                                      struct og_error *err)
{
  struct og__h5_quiet q;
  struct names l = {0};
  hid_t f;
  *names = NULL, *n = 0;
  og__h5_quiet_begin(&q);
  enum og_status st = og__h5_open_read(path, &f, err);
  if (!st && link_names(f, &l))
    st = og_error_set(err, OG_ENOMEM, "'%s': out of memory", path);
  size_t k = 0;
  for (size_t i = 0; !st && i < l.n; i++)
    if (is_table(f, l.v[i]))
      l.v[k++] = l.v[i];
    else
      free(l.v[i]);
  if (f >= 0)
    H5Fclose(f);
  og__h5_quiet_end(&q);
  if (st) {
    og_results_names_free(l.v, l.n);
    return st;
  }
  *names = l.v, *n = k;
  return OG_OK;
}
