/** The Alembic diagnosis engine. */
package io.medic.doctor;
