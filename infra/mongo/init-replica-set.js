// Run by the mongo service's healthcheck (mongosh --file) every few seconds. Idempotent: initiates the
// single-node replica set the first time, then only reports whether this node is PRIMARY. Read models need a
// replica set for transactions and change streams; the healthcheck keeps api/worker waiting until then.
const replicaSet = process.env.MONGO_REPLICA_SET ?? 'rs0';
const memberHost = process.env.MONGO_REPLICA_HOST ?? 'mongo:27017';

let status;
try {
  status = rs.status();
} catch (error) {
  // 94 NotYetInitialized: a fresh volume. Anything else (still starting) is simply "not healthy yet".
  if (error.code === 94 || error.codeName === 'NotYetInitialized') {
    rs.initiate({ _id: replicaSet, members: [{ _id: 0, host: memberHost }] });
  }
  quit(1);
}
quit(status.myState === 1 ? 0 : 1);
