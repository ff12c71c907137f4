/* A user's platform file is a readable regular file that starts like XML. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "platform_file.h"

static int starts_like_xml(const char *s)
{
  static const char *const heads[] = {"<?xml", "<!DOCTYPE platform", "<platform", "<!--"};
  if (!strncmp(s, "\xEF\xBB\xBF", 3))
    s += 3;
  s += strspn(s, " \t\r\n");
  for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
    if (!strncmp(s, heads[i], strlen(heads[i])))
      return 1;
  return 0;
}

int og_platform_file_check(const char *path, char *why, size_t len)
{
  struct stat st;
  if (stat(path, &st) != 0) {
    snprintf(why, len, "cannot read platform file '%s': %s", path, strerror(errno));
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    snprintf(why, len, "platform file '%s' is %s, not a regular file", path,
             S_ISDIR(st.st_mode) ? "a directory" : "a special file");
    return -1;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(why, len, "cannot read platform file '%s': %s", path, strerror(errno));
    return -1;
  }
  char head[256] = "";
  size_t n = fread(head, 1, sizeof head - 1, f);
  int bad = ferror(f);
  fclose(f);
  head[n] = '\0';
  if (bad || !starts_like_xml(head)) {
    snprintf(why, len, "platform file '%s' is not a SimGrid platform: it does not start with "
             "'<?xml', '<!DOCTYPE platform' or '<platform'", path);
    return -1;
  }
  return 0;
}
