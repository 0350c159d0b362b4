"""The server side of the PKI: the append-only keystore log (`log.MerkleKeyLog`, in
SQLite as `log.PKILog`) and the service that publishes and looks up (`service`)."""
