from django import forms


class EmailAccessForm(forms.Form):
    email = forms.EmailField(max_length=254)
