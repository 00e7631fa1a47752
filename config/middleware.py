class VietnameseFirstMiddleware:
    """Vietnamese unless the person chose English with the language switch.

    Many office computers run an English browser; Django would follow its Accept-Language header
    and show the product in English to people who never asked for it. The choice is the cookie's.
    Sits just before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
