/* HDF5 helpers shared by the results writer and reader: error quieting and
 * messages, string attributes, the writer's shared property lists. */
#include "results_h5.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void og__h5_quiet_begin(struct og__h5_quiet *q)
{
  q->func = NULL;
  q->data = NULL;
  if (H5Eget_auto2(H5E_DEFAULT, &q->func, &q->data) < 0) {
    q->func = NULL;
    q->data = NULL;
  }
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

void og__h5_quiet_end(const struct og__h5_quiet *q)
{
  H5Eset_auto2(H5E_DEFAULT, q->func, q->data);
}

/* The first line of the innermost and of the outermost (API) message. */
struct reason {
  char inner[240];
  char outer[240];
};

static herr_t collect(unsigned n, const H5E_error2_t *e, void *data)
{
  struct reason *r = data;
  const char *desc = e->desc ? e->desc : "";
  int len = (int)strcspn(desc, "\n");
  if (n == 0)
    snprintf(r->inner, sizeof r->inner, "%.*s", len, desc);
  snprintf(r->outer, sizeof r->outer, "%.*s", len, desc);
  return 0;
}

void og__h5_reason(char *buf, size_t size)
{
  struct reason r = {"", ""};
  if (size == 0)
    return;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect, &r);
  if (!r.inner[0])
    snprintf(buf, size, "unknown HDF5 error");
  else if (!strcmp(r.inner, r.outer))
    snprintf(buf, size, "%s", r.inner);
  else
    snprintf(buf, size, "%s (%s)", r.outer, r.inner);
}

hid_t og__h5_vlen_str(void)
{
  hid_t t = H5Tcopy(H5T_C_S1);
  if (t < 0)
    return t;
  if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
    H5Tclose(t);
    return -1;
  }
  return t;
}

enum og_status og__h5_fail(const struct og__wctx *w, const char *what, const char *name)
{
  char reason[512];
  og__h5_reason(reason, sizeof reason);
  return og_error_set(w->err, OG_EIO, "cannot write '%s': %s '%s': %s", w->path, what, name,
                      reason);
}

enum og_status og__out_of_memory(const struct og__wctx *w)
{
  return og_error_set(w->err, OG_ENOMEM, "cannot write '%s': out of memory", w->path);
}

enum og_status og__h5_put_attr(const struct og__wctx *w, hid_t obj, const char *name,
                               hid_t file_type, hid_t mem_type, const void *buf)
{
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t a = space < 0 ? -1 : H5Acreate2(obj, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT);
  enum og_status st = OG_OK;
  if (a < 0 || H5Awrite(a, mem_type, buf) < 0)
    st = og__h5_fail(w, "attribute", name);
  if (a >= 0)
    H5Aclose(a);
  if (space >= 0)
    H5Sclose(space);
  return st;
}

enum og_status og__h5_put_str_attr(const struct og__wctx *w, hid_t obj, const char *name,
                                   const char *text)
{
  const char *p = text ? text : "";
  return og__h5_put_attr(w, obj, name, w->vstr, w->vstr, &p);
}

void og__wctx_fini(struct og__wctx *w)
{
  if (w->gcpl >= 0)
    H5Pclose(w->gcpl);
  if (w->ocpl >= 0)
    H5Pclose(w->ocpl);
  if (w->lcpl >= 0)
    H5Pclose(w->lcpl);
  if (w->vstr >= 0)
    H5Tclose(w->vstr);
  w->gcpl = w->ocpl = w->lcpl = w->vstr = -1;
}

enum og_status og__wctx_init(struct og__wctx *w, const char *path, struct og_error *err)
{
  const unsigned order = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
  *w = (struct og__wctx){path, err, H5Pcreate(H5P_GROUP_CREATE), H5Pcreate(H5P_DATASET_CREATE),
                         H5Pcreate(H5P_LINK_CREATE), og__h5_vlen_str()};
  if (w->gcpl < 0 || w->ocpl < 0 || w->lcpl < 0 || w->vstr < 0 ||
      H5Pset_link_creation_order(w->gcpl, order) < 0 || H5Pset_obj_track_times(w->gcpl, 0) < 0 ||
      H5Pset_obj_track_times(w->ocpl, 0) < 0 || H5Pset_create_intermediate_group(w->lcpl, 1) < 0) {
    enum og_status st = og__h5_fail(w, "property list", "");
    og__wctx_fini(w);
    return st;
  }
  return OG_OK;
}

/* Tell a missing or unreadable file from one that is not HDF5. */
enum og_status og__h5_open_read(const char *path, hid_t *file, struct og_error *err)
{
  int fd = open(path, O_RDONLY);
  struct stat sb;
  *file = -1;
  if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
    close(fd);
    fd = -1;
    errno = EISDIR;
  }
  if (fd < 0)
    return og_error_set(err, OG_EIO, "'%s': cannot open (%s)", path, strerror(errno));
  close(fd);
  htri_t is_h5 = H5Fis_hdf5(path);
  if (is_h5 == 0)
    return og_error_set(err, OG_EPARSE, "'%s': not an HDF5 file", path);
  *file = is_h5 < 0 ? -1 : H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (*file < 0) {
    char reason[512];
    og__h5_reason(reason, sizeof reason);
    return og_error_set(err, OG_EIO, "'%s': cannot open (%s)", path, reason);
  }
  return OG_OK;
}
