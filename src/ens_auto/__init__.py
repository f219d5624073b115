"""ens-auto: refuser ou clôturer son profil Mon espace santé, pas à pas."""

__version__ = "0.1.0"
