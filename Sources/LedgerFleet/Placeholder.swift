public enum _PlaceholderLedgerFleet {}
