/* core/places.h: where a clerk's files come from besides the working
 * directory: the removable media (a USB stick from the county, a unit's
 * CD) the desktop has mounted. */
#ifndef CREDITDESK_PLACES_H
#define CREDITDESK_PLACES_H

/* The mount points in the mount table (a file in /proc/self/mounts'
 * format) under /media/ or /run/media/ (where udisks mounts removable
 * media for the desktop's user), or right under /mnt/ (/mnt/usb, where an
 * administrator does), sorted, each once; *out to free with places_free.
 * Returns how many (0 when the table cannot be read). */
int places_media(const char *table, char ***out);
void places_free(char **v, int n);

#endif
