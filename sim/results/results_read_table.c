/* Reading back one table of a results file (/strategies, /points, ...):
 * int64 and uint32 columns as they are, other numbers as doubles,
 * fixed-width strings as strings; a column group's in results_read_group.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "results_h5.h"
#include "results_io.h"


void og_results_table_free(struct og_table *t)
{
  if (!t)
    return;
  for (size_t c = 0; c < t->n_cols; c++) {
    const struct og_column *col = &t->cols[c];
    if (col->type == OG_COL_STR && col->data)
      for (size_t r = 0; r < t->n_rows; r++)
        free(((char **)col->data)[r]);
    free((void *)col->data);
    free((char *)col->name);
    free((char *)col->unit);
    free((char *)col->desc);
    for (size_t i = 0; i < col->n_labels; i++)
      free((char *)col->labels[i]);
    free((void *)col->labels);
  }
  free((void *)t->cols);
  free((char *)t->name);
  free(t);
}

enum og_coltype og__results_num_type(hid_t ft, hid_t *mem, size_t *size)
{
  int integer = H5Tget_class(ft) == H5T_INTEGER;
  H5T_sign_t sign = integer ? H5Tget_sign(ft) : H5T_SGN_ERROR;
  size_t sz = H5Tget_size(ft);
  if (integer && sign == H5T_SGN_2 && sz == sizeof(int64_t)) {
    *mem = H5Tcopy(H5T_NATIVE_INT64), *size = sizeof(int64_t);
    return OG_COL_I64;
  }
  if (integer && sign == H5T_SGN_NONE && sz == sizeof(uint32_t)) {
    *mem = H5Tcopy(H5T_NATIVE_UINT32), *size = sizeof(uint32_t);
    return OG_COL_U32;
  }
  *mem = H5Tcopy(H5T_NATIVE_DOUBLE), *size = sizeof(double);
  return OG_COL_F64;
}

/* Column `name` of dataset d (member file type ft) into col: OG_ENOMEM or
 * OG_EIO on failure, what was allocated being left in col for the caller
 * to free with the table. */
static enum og_status read_member(hid_t d, const char *name, hid_t ft, size_t n,
                                  struct og_column *col)
{
  int str = H5Tget_class(ft) == H5T_STRING;
  size_t sz = H5Tget_size(ft), esz = sz;
  hid_t et = -1;
  enum og_coltype type = str ? OG_COL_STR : og__results_num_type(ft, &et, &esz);
  if (str) /* HDF5 converts no strings between character sets */
    et = H5Tcopy(H5T_C_S1), H5Tset_size(et, sz), H5Tset_cset(et, H5Tget_cset(ft)),
    H5Tset_strpad(et, H5T_STR_NULLPAD);
  hid_t mt = H5Tcreate(H5T_COMPOUND, esz);
  unsigned char *buf = malloc(n * esz + 1);
  int ok = mt >= 0 && buf && H5Tinsert(mt, name, 0, et) >= 0 &&
           H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0;
  enum og_status st = !buf ? OG_ENOMEM : ok ? OG_OK : OG_EIO;
  H5Tclose(et);
  if (mt >= 0)
    H5Tclose(mt);
  col->name = strdup(name);
  col->type = type;
  col->data = str ? calloc(n ? n : 1, sizeof(char *)) : buf;
  if (!col->name || !col->data)
    st = OG_ENOMEM;
  for (size_t r = 0; str && !st && r < n; r++)
    if (!(((char **)col->data)[r] = strndup((char *)buf + r * sz, sz)))
      st = OG_ENOMEM;
  if (str)
    free(buf);
  return st;
}

static enum og_status read_dataset(hid_t d, struct og_table *t)
{
  hid_t ft = H5Dget_type(d), sp = H5Dget_space(d);
  hssize_t n = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
  int nm = ft >= 0 && H5Tget_class(ft) == H5T_COMPOUND ? H5Tget_nmembers(ft) : -1;
  enum og_status st = n < 0 || nm < 0 ? OG_EPARSE : OG_OK;
  struct og_column *cols = st ? NULL : calloc(nm ? (size_t)nm : 1, sizeof *cols);
  if (!st && !cols)
    st = OG_ENOMEM;
  t->cols = cols;
  t->n_rows = st ? 0 : (size_t)n;
  for (int i = 0; !st && i < nm; i++) {
    char *name = H5Tget_member_name(ft, (unsigned)i);
    hid_t mt = H5Tget_member_type(ft, (unsigned)i);
    H5T_class_t cls = H5Tget_class(mt);
    if (!name || (cls != H5T_INTEGER && cls != H5T_FLOAT && cls != H5T_STRING))
      st = OG_EPARSE;
    else
      st = read_member(d, name, mt, t->n_rows, &cols[i]);
    t->n_cols = (size_t)i + 1;
    H5free_memory(name);
    H5Tclose(mt);
  }
  if (ft >= 0)
    H5Tclose(ft);
  if (sp >= 0)
    H5Sclose(sp);
  return st;
}

/* Table object d (a dataset or a group, as kind says) into t. */
static enum og_status read_object(hid_t d, H5I_type_t kind, struct og_table *t)
{
  if (kind == H5I_GROUP)
    return og__results_read_group(d, t);
  enum og_status st = read_dataset(d, t);
  return st ? st : og__results_read_units(d, t);
}

enum og_status og_results_read_table(const char *path, const char *name, struct og_table **out,
                                     struct og_error *err)
{
  struct og__h5_quiet q;
  *out = NULL;
  struct og_table *t = calloc(1, sizeof *t);
  if (!t || !(t->name = strdup(name))) {
    free(t);
    return og_error_set(err, OG_ENOMEM, "'%s': out of memory", path);
  }
  og__h5_quiet_begin(&q);
  hid_t f;
  enum og_status st = og__h5_open_read(path, &f, err);
  hid_t d = f >= 0 && H5Lexists(f, name, H5P_DEFAULT) > 0 ? H5Oopen(f, name, H5P_DEFAULT) : -1;
  H5I_type_t kind = d >= 0 ? H5Iget_type(d) : H5I_BADID;
  if (st == OG_OK && kind != H5I_DATASET && kind != H5I_GROUP)
    st = og_error_set(err, OG_EPARSE, "'%s': no table '/%s'", path, name);
  else if (st == OG_OK && (st = read_object(d, kind, t)) == OG_EPARSE)
    og_error_set(err, st, "'%s': '/%s' is not a table", path, name);
  else if (st != OG_OK && kind != H5I_BADID)
    og_error_set(err, st, "'%s': cannot read table '/%s' (%s)", path, name, og_strerror(st));
  if (d >= 0)
    H5Oclose(d);
  if (f >= 0)
    H5Fclose(f);
  og__h5_quiet_end(&q);
  if (st != OG_OK) {
    og_results_table_free(t);
    return st;
  }
  *out = t;
  return OG_OK;
}
