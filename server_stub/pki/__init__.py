"""The server side of the PKI: the append-only keystore log (`log.PKILog`)."""
