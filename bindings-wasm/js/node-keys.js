// What `Signer.fromEnv` hands the core in Node: the two environment variables and the
// credentials file's text (or why it could not be read). Which comes first, and how the file
// is read, is the core's rule (`keySources`, `findKeys`); this only does the I/O. The Node
// entries pass the `node:` functions in (`io`), so that this file has no import of its own and
// converts to CommonJS like the rest of the shared layer.

/**
 * `names`: the core's `keySources()` (`accessKeyEnv`, `secretKeyEnv`, `configureFile` under the
 * home directory). `configureFile`: another file to read instead, or undefined.
 * `io`: `{ readFileSync, homedir, join, env }`.
 */
export function readKeySources(names, configureFile, io) {
  let file = configureFile;
  if (file === undefined) {
    const home = io.homedir();
    file = home ? io.join(home, names.configureFile) : null;
  }
  let text = null;
  let reason = null;
  if (file !== null) {
    try {
      text = io.readFileSync(file, "utf8");
    } catch (e) {
      reason = e && e.code === "ENOENT" ? "No such file or directory" : String((e && e.code) || e);
    }
  }
  return {
    accessKey: io.env[names.accessKeyEnv] ?? null,
    secretKey: io.env[names.secretKeyEnv] ?? null,
    configurePath: file,
    configureText: text,
    configureError: reason,
  };
}
