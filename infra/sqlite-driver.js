// better-sqlite3 12 (V8 API) is the one that runs on Node 20; on Node 24 its ObjectWrap-based statements abort
// the process when garbage-collected (`Assertion failed: (env) != nullptr`). better-sqlite3 13 (Node-API,
// prebuilt) runs on Node 22+ but crashes Node 20. Both are installed; this picks the one for the running Node.
// The API the project uses is the same in both (see docs/adr/0007-sqlite-driver-per-node-version.md).
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

exports.SQLITE_DRIVER = NODE_MAJOR >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';
