/** The log signature catalog. */
package io.medic.signatures;
