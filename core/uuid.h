/* core/uuid.h: UUIDv7 row ids. */
#ifndef CREDITDESK_UUID_H
#define CREDITDESK_UUID_H



/* Bytes of a row id with its NUL: 36 characters. */
#define UUID_SIZE 37

/* A new UUIDv7 as 36 lower-case characters plus NUL.  Monotonic within
 * the process. */
void uuid7_new(char out[UUID_SIZE]);

#endif
