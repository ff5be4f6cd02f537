enum MerchantServerPlaceholder {}
