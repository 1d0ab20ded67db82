# vrrp: filled in by its module
