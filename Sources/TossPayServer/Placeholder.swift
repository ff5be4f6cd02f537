enum PlaceholderTossPayServer {}
