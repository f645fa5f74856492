def configure(*, **options):
    return dict(options)
