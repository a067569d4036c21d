"""The payment providers' APIs: Stripe, and Safaricom's Daraja for M-Pesa."""
