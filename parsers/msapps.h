/*
 * msapps.h - Microsoft's first-party application ids and their names, for
 * sign-ins and audit records that give only the id.  An id not in the
 * table stays the app's name; the model names it from a service
 * principal export when the bundle has one.
 */
#ifndef TRIAGE_MSAPPS_H
#define TRIAGE_MSAPPS_H

/* The name of a well-known application id (any case), or NULL. */
const char *ms_app_name(const char *id);

#endif
