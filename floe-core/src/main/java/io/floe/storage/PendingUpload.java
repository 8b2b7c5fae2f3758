package io.floe.storage;

/**
 * An upload a store started and nobody completed or aborted (S3 multipart: a writer killed mid-upload leaves its parts
 * on the server, billed and invisible, until someone aborts it).
 *
 * @param key              the key the upload was for, relative to the store's root
 * @param uploadId         the store's id of the upload
 * @param initiatedMillis  when it started
 */
public record PendingUpload(String key, String uploadId, long initiatedMillis) {
}
