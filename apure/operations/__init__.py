"""Running the platform in production: backups, health checks, security headers."""
