/* Which names a file may give a region, model, class or scenario: the
 * characters and lengths allowed (names become host ids and file names). */
#include <stdio.h>
#include <string.h>

#include "conf.h"

static int name_char(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-' || c == '.';
}

const char *og__name_problem(const char *name, char *buf, size_t len)
{
  static const char rule[] = "names are 1 to 64 bytes of letters, digits, '_', '-' and '.', "
                             "not starting with '.' or '-'";
  size_t n = strlen(name), i = 0;
  while (i < n && name_char((unsigned char)name[i]))
    i++;
  if (n == 0)
    snprintf(buf, len, "must not be empty (%s)", rule);
  else if (n > OG_NAME_MAX)
    snprintf(buf, len, "a name of %zu bytes is too long (%s)", n, rule);
  else if (i < n && (unsigned char)name[i] > ' ' && (unsigned char)name[i] < 0x7f)
    snprintf(buf, len, "the character %c is not allowed in a name (%s)", name[i], rule);
  else if (i < n)
    snprintf(buf, len, "byte 0x%02x (a space, control or non-ASCII byte) is not allowed in a "
             "name (%s)", (unsigned char)name[i], rule);
  else if (name[0] == '.' || name[0] == '-')
    snprintf(buf, len, "a name must not start with '%c' (%s)", name[0], rule);
  else
    return NULL;
  return buf;
}
